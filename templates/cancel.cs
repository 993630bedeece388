<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.cancel_title ?> <?cs var:Page.case.case_no ?></h1>
<section class="card" id="cancel" data-refused="<?cs var:Page.refused ?>">
  <p><span class="badge state-<?cs var:Page.case.state ?>" id="case-state" data-state="<?cs var:Page.case.state ?>"><?cs var:Page.case.state_label ?></span></p>
  <?cs if:Page.refused == "1" ?>
  <p class="note" role="alert"><?cs var:L.err_cannot_cancel ?></p>
  <p><a class="button" href="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>"><?cs var:L.cancel_back ?></a></p>
  <?cs else ?>
  <p><?cs var:L.cancel_question ?></p>
  <ul class="case-items">
  <?cs each:it = Page.case.items ?><li><?cs var:it.name ?> × <?cs var:it.qty ?></li><?cs /each ?>
  </ul>
  <p class="muted"><?cs var:L.case_cancel_confirm ?></p>
  <form method="post" action="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>/cancel">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
    <button type="submit" class="danger" id="cancel-confirm"><?cs var:L.cancel_yes ?></button>
    <a class="button" href="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>"><?cs var:L.cancel_keep ?></a>
  </form>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

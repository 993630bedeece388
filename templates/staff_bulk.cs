<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.bulk_title ?></h1>
<section class="card" id="bulk-result" data-assigned="<?cs var:Page.assigned ?>" data-refused="<?cs var:Page.refused ?>">
  <p><?cs var:L.bulk_summary_assigned ?> <?cs var:Page.assigned ?> · <?cs var:L.bulk_summary_refused ?> <?cs var:Page.refused ?></p>
  <ul class="bulk-results">
  <?cs each:x = Page.results ?><li data-case="<?cs var:x.case_no ?>" data-outcome="<?cs var:x.outcome ?>"><?cs if:x.outcome == "ok" ?><a href="/staff/cases/<?cs var:url_escape(x.case_no) ?>"><?cs var:x.case_no ?></a><?cs else ?><strong><?cs var:x.case_no ?></strong><?cs /if ?>: <?cs var:x.why ?></li><?cs /each ?>
  </ul>
  <p><a href="/staff/queue"><?cs var:L.bulk_back ?></a></p>
</section>
<?cs include:"footer.cs" ?>

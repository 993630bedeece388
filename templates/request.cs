<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.request_title ?> <?cs var:Page.case.case_no ?></h1>
<section class="card">
  <p><span class="badge state-<?cs var:Page.case.state ?>" id="case-state" data-state="<?cs var:Page.case.state ?>"><?cs var:Page.case.state_label ?></span></p>
  <?cs if:Page.case.state == "submitted" ?><p class="note"><?cs var:L.case_next_submitted ?></p><?cs /if ?>
  <dl class="facts">
    <dt><?cs var:L.case_type ?></dt><dd><?cs var:Page.case.type ?></dd>
    <dt><?cs var:L.form_order ?></dt><dd><?cs var:Page.case.order_no ?></dd>
    <dt><?cs var:L.case_reason ?></dt><dd><?cs var:Page.case.reason ?></dd>
    <dt><?cs var:L.case_created ?></dt><dd><?cs var:Page.case.created_at ?></dd>
    <?cs if:?Page.case.amount ?><dt><?cs var:L.case_amount ?></dt><dd>¥<?cs var:Page.case.amount ?></dd><?cs /if ?>
  </dl>
  <h2><?cs var:L.case_items ?></h2>
  <ul class="case-items">
  <?cs each:it = Page.case.items ?><li><?cs var:it.name ?> × <?cs var:it.qty ?></li><?cs /each ?>
  </ul>
  <?cs if:Page.case.description != "" ?>
  <h2><?cs var:L.case_description ?></h2>
  <p class="description"><?cs var:Page.case.description ?></p>
  <?cs /if ?>
  <?cs if:subcount(Page.case.photos) > 0 ?>
  <h2><?cs var:L.case_photos ?></h2>
  <ul class="photos">
  <?cs each:p = Page.case.photos ?><li><a href="/attachments/<?cs var:p.id ?>"><img src="/attachments/<?cs var:p.id ?>" alt="<?cs var:p.filename ?>" loading="lazy"></a></li><?cs /each ?>
  </ul>
  <?cs /if ?>
</section>
<?cs if:subcount(Page.progress) > 0 ?>
<section class="card" id="progress">
  <h2><?cs var:L.progress_title ?></h2>
  <ol class="progress">
  <?cs each:s = Page.progress ?>
    <li class="<?cs var:s.status ?>" data-status="<?cs var:s.status ?>"><strong><?cs var:s.label ?></strong>
      <?cs if:?s.done ?><span class="muted"><?cs var:s.done ?></span>
      <?cs elif:?s.due ?><span class="muted"><?cs var:L.progress_due ?> <?cs var:s.due ?></span><?cs /if ?>
      <?cs if:s.status == "late" ?><p class="late-note"><?cs var:L.progress_late ?></p><?cs /if ?>
    </li>
  <?cs /each ?>
  </ol>
</section>
<?cs /if ?>
<section class="card">
  <h2><?cs var:L.case_timeline ?></h2>
  <ol class="timeline">
  <?cs each:ev = Page.case.events ?>
    <li><time><?cs var:ev.at ?></time> <strong><?cs var:ev.action ?></strong> <span class="muted"><?cs var:ev.actor ?> → <?cs var:ev.to ?></span>
    <?cs if:?ev.note ?><p><?cs var:ev.note ?></p><?cs /if ?></li>
  <?cs /each ?>
  </ol>
</section>
<?cs if:Page.case.can_ship == "1" ?>
<form method="post" action="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>/shipment" class="card" id="shipment">
  <h2><?cs var:L.shipment_title ?></h2>
  <p class="muted"><?cs var:L.shipment_hint ?></p>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
  <label for="carrier"><?cs var:L.carrier ?></label>
  <input id="carrier" name="carrier" type="text" required maxlength="40">
  <label for="tracking_no"><?cs var:L.tracking_no ?></label>
  <input id="tracking_no" name="tracking_no" type="text" required maxlength="40">
  <button type="submit" class="primary"><?cs var:L.shipment_submit ?></button>
</form>
<?cs /if ?>
<?cs if:Page.case.can_cancel == "1" ?>
<form method="post" action="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>/cancel" class="card">
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
  <p class="muted"><?cs var:L.case_cancel_confirm ?></p>
  <button type="submit" class="danger"><?cs var:L.case_cancel ?></button>
</form>
<?cs /if ?>
<?cs include:"footer.cs" ?>

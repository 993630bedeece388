<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.request_title ?> <?cs var:Page.case.case_no ?></h1>
<?cs include:"request_rejected.cs" ?>
<section class="card">
  <p><span class="badge state-<?cs var:Page.case.state ?>" id="case-state" data-state="<?cs var:Page.case.state ?>"><?cs var:Page.case.state_label ?></span></p>
  <?cs if:Page.case.state == "submitted" ?><p class="note"><?cs var:L.case_next_submitted ?></p><?cs /if ?>
  <?cs if:Page.case.closed_unsent == "1" && Page.case.state == "closed" ?><p class="note" id="closed-unsent"><?cs var:L.case_closed_unsent ?></p><?cs /if ?>
  <?cs include:"case_body.cs" ?>
<?cs include:"case_return.cs" ?>
<?cs include:"case_course.cs" ?>
<?cs if:Page.case.can_ship == "1" ?>
<form method="post" action="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>/shipment" class="card" id="shipment">
  <h2><?cs var:L.shipment_title ?></h2>
  <p class="muted"><?cs var:L.shipment_hint ?></p>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
  <label for="carrier"><?cs var:L.carrier ?></label>
  <?cs if:?Page.has_errors ?><p class="field-error" role="alert" id="shipment-errors"><?cs var:L.err_form_summary ?></p><?cs /if ?>
  <select id="carrier" name="carrier" required<?cs if:?Page.errors.carrier ?> aria-invalid="true" aria-describedby="err-carrier"<?cs /if ?>>
  <?cs each:c = Page.carriers ?><option value="<?cs var:c.code ?>"<?cs if:c.code == Page.form.carrier ?> selected<?cs /if ?>><?cs var:c.label ?></option><?cs /each ?>
  </select>
  <?cs call:field_error("carrier") ?>
  <label for="carrier_name"><?cs var:L.carrier_name ?></label>
  <input id="carrier_name" name="carrier_name" type="text" maxlength="40" aria-describedby="carrier-name-hint<?cs if:?Page.errors.carrier_name ?> err-carrier_name<?cs /if ?>" value="<?cs var:Page.form.carrier_name ?>">
  <p class="muted" id="carrier-name-hint"><?cs var:L.carrier_name_hint ?></p>
  <?cs call:field_error("carrier_name") ?>
  <label for="tracking_no"><?cs var:L.tracking_no ?></label>
  <input id="tracking_no" name="tracking_no" type="text" required maxlength="40" autocomplete="off" autocapitalize="characters" spellcheck="false" value="<?cs var:Page.form.tracking_no ?>"<?cs if:?Page.errors.tracking_no ?> aria-invalid="true" aria-describedby="err-tracking_no"<?cs /if ?>>
  <?cs call:field_error("tracking_no") ?>
  <button type="submit" class="primary"><?cs var:L.shipment_submit ?></button>
</form>
<form method="post" action="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>/pickup" class="card" id="pickup">
  <h2><?cs var:L.pickup_title ?></h2>
  <p class="muted"><?cs var:L.pickup_hint ?></p>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
  <label for="pickup-day"><?cs var:L.pickup_day ?></label>
  <input id="pickup-day" name="day" type="date" required min="<?cs var:Page.pickup_min ?>" max="<?cs var:Page.pickup_max ?>" value="<?cs var:Page.ret.pickup.day ?>">
  <fieldset><legend><?cs var:L.pickup_window ?></legend>
  <?cs each:w = Page.windows ?><label class="choice"><input type="radio" name="window" value="<?cs var:w ?>" required<?cs if:w == Page.ret.pickup.window ?> checked<?cs /if ?>> <?cs var:w ?></label><?cs /each ?>
  </fieldset>
  <label for="pickup-address"><?cs var:L.pickup_address ?></label>
  <input id="pickup-address" name="address" type="text" required maxlength="255" value="<?cs var:Page.ret.pickup.address ?>">
  <button type="submit" class="primary"><?cs if:?Page.ret.pickup.day ?><?cs var:L.pickup_rebook ?><?cs else ?><?cs var:L.pickup_submit ?><?cs /if ?></button>
</form>
<?cs /if ?>
<?cs if:subcount(Page.progress) > 0 ?>
<section class="card" id="progress">
  <h2><?cs var:L.progress_title ?></h2>
  <?cs if:?Page.refund_to.amount ?><p id="refund-to"><strong>¥<?cs var:Page.refund_to.amount ?></strong> <?cs var:Page.refund_to.way ?></p><?cs /if ?>
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
<?cs if:?Page.survey.state ?>
<section class="card" id="survey-invite" data-survey="<?cs var:Page.survey.state ?>">
  <h2><?cs var:L.survey_title ?></h2>
  <?cs if:Page.survey.state == "invited" ?>
  <p><?cs var:L.survey_invite ?></p>
  <p><a class="button primary" href="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>/survey"><?cs var:L.survey_start ?></a></p>
  <?cs elif:Page.survey.state == "answered" ?>
  <p><?cs var:L.survey_thanks ?></p>
  <?cs else ?>
  <p class="muted"><?cs var:L.err_survey_expired ?></p>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs include:"case_compensations.cs" ?>
<?cs include:"case_timeline.cs" ?>
<?cs include:"case_messages.cs" ?>
<?cs if:Page.case.can_cancel == "1" ?>
<form method="get" action="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>/cancel" class="card" id="cancel-link">
  <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
  <button type="submit" class="danger"><?cs var:L.case_cancel ?></button>
</form>
<?cs /if ?>
<?cs include:"footer.cs" ?>

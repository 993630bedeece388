<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.staff_case_title ?> <?cs var:Page.case.case_no ?></h1>
<?cs if:?Page.done ?><p class="note done" id="done" role="status"><?cs var:Page.done ?> · <?cs var:L.case_state ?>: <?cs var:Page.case.state_label ?></p><?cs /if ?>
<section class="card">
  <p><span class="badge state-<?cs var:Page.case.state ?>" id="case-state" data-state="<?cs var:Page.case.state ?>"><?cs var:Page.case.state_label ?></span></p>
  <?cs include:"case_body.cs" ?>
<?cs include:"case_return.cs" ?>
<?cs include:"case_course.cs" ?>
<?cs def:step_form(action, label, cls) ?>
  <form method="post" action="/staff/cases/<?cs var:url_escape(Page.case.case_no) ?>/<?cs var:action ?>" class="step" data-action="<?cs var:action ?>">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
<?cs /def ?>
<?cs # the time limits and who the customer is (risk) come before the buttons ?>
<?cs if:subcount(Page.timers) > 0 ?>
<section class="card" id="timers">
  <h2><?cs var:L.timers_title ?></h2>
  <ul class="timers">
  <?cs each:t = Page.timers ?><li data-mark="<?cs var:t.mark ?>"><?cs var:t.name ?>: <?cs var:L.queue_due ?> <?cs var:t.due ?> <span class="badge sla-<?cs var:t.mark ?>"><?cs var:t.mark_label ?></span></li><?cs /each ?>
  </ul>
</section>
<?cs /if ?>
<section class="card" id="customer">
  <h2><?cs var:L.customer_title ?></h2>
  <dl class="facts">
    <dt><?cs var:L.queue_customer ?></dt><dd><?cs var:Page.customer.name ?></dd>
    <dt><?cs var:L.phone_label ?></dt><dd class="phone" id="customer-phone"><?cs var:Page.customer.phone ?></dd>
    <?cs if:?Page.customer.email ?><dt><?cs var:L.customer_email ?></dt><dd id="customer-email"><?cs var:Page.customer.email ?></dd><?cs /if ?>
    <?cs if:Page.customer.city != "" ?><dt><?cs var:L.customer_city ?></dt><dd id="customer-city"><?cs var:Page.customer.city ?></dd><?cs /if ?>
    <dt><?cs var:L.risk_title ?></dt>
    <dd><span class="badge risk-<?cs var:Page.risk.level ?>" id="risk" data-risk="<?cs var:Page.risk.level ?>" data-score="<?cs var:Page.risk.score ?>"><?cs var:Page.risk.label ?> · <?cs var:Page.risk.score ?></span>
      <small class="muted"><?cs var:L.risk_window ?>: <?cs var:Page.risk.refunds ?> <?cs var:L.risk_refunds ?> ¥<?cs var:Page.risk.refunded ?> · <?cs var:L.risk_failed ?> <?cs var:Page.risk.failed ?>/<?cs var:Page.risk.inspected ?></small></dd>
  </dl>
  <?cs if:Page.customer.revealed == "1" ?><p class="note" id="revealed" role="status"><?cs var:L.reveal_done ?></p>
  <?cs elif:?Page.reveal_action ?>
  <form method="post" action="<?cs var:Page.reveal_action ?>" id="reveal-form">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <p class="muted"><small><?cs var:L.reveal_note ?></small></p>
    <p class="actions"><button type="submit"><?cs var:L.reveal_button ?></button></p>
  </form>
  <?cs else ?><p class="muted" id="masked-note"><small><?cs var:L.reveal_not_role ?></small></p><?cs /if ?>
</section>
<?cs if:subcount(Page.siblings) > 0 ?>
<section class="card" id="siblings">
  <h2><?cs var:L.siblings_title ?></h2>
  <ul>
  <?cs each:c = Page.siblings ?><li><a href="/staff/cases/<?cs var:url_escape(c.no) ?>"><?cs var:c.no ?></a> · <?cs var:c.type ?> · <span class="badge state-<?cs var:c.state ?>" data-state="<?cs var:c.state ?>"><?cs var:c.state_label ?></span> · <?cs var:c.created ?></li><?cs /each ?>
  </ul>
</section>
<?cs /if ?>
<?cs if:subcount(Page.actions) > 0 ?>
<section class="card" id="actions">
  <h2><?cs var:L.actions_title ?></h2>
  <?cs if:Page.actions.approve == "1" ?><?cs call:step_form("approve", "", "") ?>
    <button type="submit" class="primary"><?cs var:L.action_approve ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.reject == "1" ?><?cs call:step_form("reject", "", "") ?>
    <label for="reject-reason"><?cs var:L.reject_reason ?></label>
    <textarea id="reject-reason" name="reason" rows="2" maxlength="500" required></textarea>
    <button type="submit" class="danger"><?cs var:L.action_reject ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.pickup == "1" ?><?cs call:step_form("pickup", "", "") ?>
    <button type="submit" class="primary"><?cs var:L.action_pickup_confirm ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.claim == "1" ?><?cs call:step_form("claim", "", "") ?>
    <label for="claim-no-input"><?cs var:L.claim_no ?></label>
    <input id="claim-no-input" name="claim_no" type="text" required maxlength="40" autocomplete="off">
    <label for="claim-note"><?cs var:L.claim_note ?></label>
    <textarea id="claim-note" name="note" rows="2" maxlength="500"></textarea>
    <button type="submit" class="primary"><?cs var:L.action_claim_button ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.appeal_uphold == "1" ?><?cs call:step_form("appeal_uphold", "", "") ?>
    <label for="uphold-note"><?cs var:L.appeal_decision_note ?></label>
    <textarea id="uphold-note" name="note" rows="2" maxlength="500"></textarea>
    <button type="submit"><?cs var:L.action_appeal_uphold_button ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.appeal_grant == "1" ?><?cs call:step_form("appeal_grant", "", "") ?>
    <label for="grant-note"><?cs var:L.appeal_decision_note ?></label>
    <textarea id="grant-note" name="note" rows="2" maxlength="500"></textarea>
    <button type="submit" class="primary"><?cs var:L.action_appeal_grant_button ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.receive == "1" ?><?cs call:step_form("receive", "", "") ?>
    <button type="submit" class="primary"><?cs var:L.action_receive ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.inspect_pass == "1" || Page.actions.inspect_fail == "1" ?>
  <form method="post" action="/staff/cases/<?cs var:url_escape(Page.case.case_no) ?>/inspect" class="step" data-action="inspect" enctype="multipart/form-data">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
    <fieldset><legend><?cs var:L.inspect_result ?></legend>
      <label class="choice"><input type="radio" name="result" value="pass" required> <?cs var:L.inspect_pass ?></label>
      <?cs if:Page.actions.inspect_partial == "1" ?><label class="choice"><input type="radio" name="result" value="partial"> <?cs var:L.inspect_partial ?></label><?cs /if ?>
      <label class="choice"><input type="radio" name="result" value="fail"> <?cs var:L.inspect_fail ?></label>
    </fieldset>
    <?cs if:Page.actions.inspect_partial == "1" ?>
    <label for="inspect-deduction"><?cs var:L.inspect_deduction ?> (¥)</label>
    <input id="inspect-deduction" name="deduction" type="text" inputmode="decimal" aria-describedby="deduction-hint">
    <small class="muted" id="deduction-hint"><?cs var:L.inspect_deduction_hint ?></small>
    <label for="inspect-photo"><?cs var:L.inspection_photos ?></label>
    <input id="inspect-photo" name="photo" type="file" accept="image/*" multiple>
    <?cs /if ?>
    <label for="inspect-note"><?cs var:L.inspect_note ?></label>
    <textarea id="inspect-note" name="note" rows="2" maxlength="500"></textarea>
    <button type="submit" class="primary"><?cs var:L.action_inspect ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.refund == "1" ?><?cs call:step_form("refund", "", "") ?>
    <label for="refund-amount"><?cs var:L.refund_amount ?></label>
    <input id="refund-amount" name="amount" type="text" inputmode="decimal" required value="<?cs var:Page.refund_amount ?>" aria-describedby="refund-cap<?cs if:?Page.errors.amount ?> err-amount<?cs /if ?>">
    <?cs call:field_error("amount") ?>
    <small class="muted" id="refund-cap"><?cs var:L.refund_cap ?> ¥<?cs var:Page.refund_cap ?><?cs if:?Page.refund_hold_over ?> · <?cs var:L.refund_hold_note ?> ¥<?cs var:Page.refund_hold_over ?><?cs /if ?></small>
    <label for="refund-reference"><?cs var:L.refund_reference ?></label>
    <input id="refund-reference" name="reference" type="text" required maxlength="64">
    <button type="submit" class="primary"><?cs var:L.action_refund ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.ship == "1" ?><?cs call:step_form("ship", "", "") ?>
    <?cs if:?Page.case.variant ?><p class="note" id="ship-variant"><?cs var:L.ship_variant ?> <strong><?cs var:Page.case.variant ?></strong></p><?cs /if ?>
    <label for="ship-carrier"><?cs var:L.carrier ?></label>
    <input id="ship-carrier" name="carrier" type="text" required maxlength="40" list="ship-carriers" autocomplete="off">
    <datalist id="ship-carriers"><?cs each:c = Page.carriers ?><?cs if:c.code != "other" ?><option value="<?cs var:c.label ?>"><?cs /if ?><?cs /each ?></datalist>
    <label for="ship-tracking"><?cs var:L.tracking_no ?></label>
    <input id="ship-tracking" name="tracking_no" type="text" required maxlength="40">
    <label for="ship-postage"><?cs var:L.cost_postage_field ?></label>
    <input id="ship-postage" name="postage" type="text" inputmode="decimal">
    <button type="submit" class="primary"><?cs var:L.action_ship ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.assign == "1" ?><?cs call:step_form("assign", "", "") ?>
    <label for="assign-staff"><?cs if:?Page.assign_on_site ?><?cs var:L.assign_technician ?><?cs else ?><?cs var:L.assign_staff ?><?cs /if ?></label>
    <select id="assign-staff" name="staff_id" required>
      <option value=""><?cs var:L.form_choose ?></option>
      <?cs each:st = Page.staff ?><option value="<?cs var:st.id ?>"<?cs if:st.current == "1" ?> selected<?cs /if ?>><?cs var:st.name ?></option><?cs /each ?>
    </select>
    <button type="submit"<?cs if:?Page.assign_on_site ?> class="primary"<?cs /if ?>><?cs var:L.action_assign ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.arrive == "1" ?><?cs call:step_form("arrive", "", "") ?>
    <button type="submit" class="primary"><?cs var:L.action_arrive ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.repaired == "1" ?><?cs call:step_form("repaired", "", "") ?>
    <label for="repair-note"><?cs var:L.repair_note ?></label>
    <textarea id="repair-note" name="note" rows="2" maxlength="500"></textarea>
    <label for="repair-parts"><?cs var:L.cost_parts_field ?></label>
    <input id="repair-parts" name="parts" type="text" inputmode="decimal">
    <label for="repair-hours"><?cs var:L.cost_hours ?></label>
    <input id="repair-hours" name="hours" type="text" inputmode="decimal">
    <button type="submit" class="primary"><?cs var:L.action_repaired ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.convert_to_refund == "1" ?><?cs call:step_form("convert_to_refund", "", "") ?>
    <button type="submit"><?cs var:L.action_convert_to_refund ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.complete == "1" ?><?cs call:step_form("complete", "", "") ?>
    <button type="submit" class="primary"><?cs var:L.action_complete ?></button>
  </form><?cs /if ?>
  <?cs if:Page.actions.close == "1" ?><?cs call:step_form("close", "", "") ?>
    <button type="submit"><?cs var:L.action_close ?></button>
  </form><?cs /if ?>
</section>
<?cs /if ?>
<?cs if:?Page.followup.due ?><?cs include:"staff_followup.cs" ?><?cs /if ?>
<?cs if:?Page.survey.state ?>
<section class="card" id="survey" data-survey="<?cs var:Page.survey.state ?>">
  <h2><?cs var:L.survey_title ?></h2>
  <?cs if:Page.survey.state == "answered" ?>
  <dl class="facts stack">
  <?cs each:q = Page.survey.answers ?><dt><?cs var:q.label ?></dt><dd data-q="<?cs var:q.name ?>"><?cs var:q.value ?></dd><?cs /each ?>
  <?cs if:?Page.survey.comment ?><dt><?cs var:L.survey_comment ?></dt><dd><?cs var:Page.survey.comment ?></dd><?cs /if ?>
  </dl>
  <?cs elif:Page.survey.state == "invited" ?>
  <p><?cs var:L.survey_link_note ?></p>
  <p><input type="text" readonly id="survey-link" aria-label="<?cs var:L.survey_link ?>" value="<?cs var:Page.survey.link ?>"></p>
  <?cs else ?>
  <p class="muted"><?cs var:L.err_survey_expired ?></p>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Page.case.complex == "1" || ?Page.complex_action ?>
<section class="card" id="complex">
  <?cs if:Page.case.complex == "1" ?><p class="note" id="complex-marked"><?cs var:L.complex_marked ?></p>
  <?cs elif:?Page.complex_action ?>
  <form method="post" action="<?cs var:Page.complex_action ?>" id="complex-form">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <p class="muted"><small><?cs var:L.complex_hint ?></small></p>
    <p class="actions"><button type="submit"><?cs var:L.complex_mark ?></button></p>
  </form>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs include:"case_costs.cs" ?>
<?cs include:"case_timeline.cs" ?>
<?cs include:"case_messages.cs" ?>
<?cs include:"case_notes.cs" ?>
<?cs include:"footer.cs" ?>

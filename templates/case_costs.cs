<?cs # compensation and the cost of service: the staff case page only (page_costs.c fill_costs) ?>
<section class="card" id="costs">
  <h2><?cs var:L.costs_title ?></h2>
  <h3><?cs var:L.comp_title ?></h3>
  <?cs if:subcount(Page.compensations) == 0 ?><p class="muted" id="comp-none"><?cs var:L.comp_none ?></p><?cs /if ?>
  <ul class="timers" id="compensations">
  <?cs each:k = Page.compensations ?>
    <li data-comp="<?cs var:k.id ?>" data-state="<?cs var:k.state ?>" data-kind="<?cs var:k.kind ?>"><?cs var:k.kind_label ?> ¥<?cs var:k.amount ?> · <span class="badge comp-<?cs var:k.state ?>"><?cs var:L["comp_state_" + k.state] ?></span> <time><?cs var:k.at ?></time>
      <br><small class="muted"><?cs var:k.reason ?> · <?cs var:L.refund_reference ?> <?cs var:k.reference ?> · <?cs var:k.staff ?></small>
      <?cs if:k.state == "waiting" && Page.can_approve_compensation == "1" ?>
      <form method="post" action="/staff/cases/<?cs var:url_escape(Page.case.case_no) ?>/approve_compensation" class="step" data-action="approve_compensation">
        <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
        <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
        <input type="hidden" name="compensation" value="<?cs var:k.id ?>">
        <button type="submit" class="primary"><?cs var:L.action_approve_compensation ?></button>
      </form><?cs /if ?>
    </li>
  <?cs /each ?>
  </ul>
  <?cs if:Page.can_compensate == "1" ?>
  <form method="post" action="/staff/cases/<?cs var:url_escape(Page.case.case_no) ?>/compensate" class="step" data-action="compensate" id="compensate-form">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
    <label for="comp-kind"><?cs var:L.comp_kind ?></label>
    <select id="comp-kind" name="kind" required>
    <?cs each:o = Page.comp_kinds ?><option value="<?cs var:o.name ?>"><?cs var:o.label ?></option><?cs /each ?>
    </select>
    <label for="comp-amount"><?cs var:L.comp_amount ?></label>
    <input id="comp-amount" name="amount" type="text" inputmode="decimal" required aria-describedby="comp-threshold">
    <small class="muted" id="comp-threshold"><?cs var:L.comp_threshold_note ?> ¥<?cs var:Page.comp_threshold ?></small>
    <label for="comp-reason"><?cs var:L.comp_reason ?></label>
    <textarea id="comp-reason" name="reason" rows="2" maxlength="500" required></textarea>
    <label for="comp-reference"><?cs var:L.refund_reference ?></label>
    <input id="comp-reference" name="reference" type="text" required maxlength="64">
    <button type="submit"><?cs var:L.action_compensate ?></button>
  </form>
  <?cs /if ?>
  <h3><?cs var:L.cost_title ?></h3>
  <p id="cost-total" data-value="<?cs var:Page.cost_total ?>"><?cs var:L.cost_total ?> ¥<?cs var:Page.cost_total ?></p>
  <ul class="timers" id="cost-list">
  <?cs each:c = Page.costs ?>
    <li data-kind="<?cs var:c.kind ?>"><?cs var:c.kind_label ?> ¥<?cs var:c.amount ?><?cs if:?c.hours ?> (<?cs var:c.hours ?> <?cs var:L.dash_unit_h ?>)<?cs /if ?> <small class="muted"><?cs if:?c.note ?><?cs var:c.note ?> · <?cs /if ?><?cs var:c.staff ?> · <time><?cs var:c.at ?></time></small></li>
  <?cs /each ?>
  </ul>
  <?cs if:Page.can_cost == "1" ?>
  <form method="post" action="/staff/cases/<?cs var:url_escape(Page.case.case_no) ?>/cost" class="step" data-action="cost" id="cost-form">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
    <label for="cost-kind"><?cs var:L.cost_kind ?></label>
    <select id="cost-kind" name="kind" required>
    <?cs each:o = Page.cost_kinds ?><option value="<?cs var:o.name ?>"><?cs var:o.label ?></option><?cs /each ?>
    </select>
    <label for="cost-amount"><?cs var:L.cost_amount ?></label>
    <input id="cost-amount" name="amount" type="text" inputmode="decimal">
    <label for="cost-hours"><?cs var:L.cost_hours ?></label>
    <input id="cost-hours" name="hours" type="text" inputmode="decimal">
    <label for="cost-note"><?cs var:L.cost_note ?></label>
    <input id="cost-note" name="note" type="text" maxlength="200">
    <button type="submit"><?cs var:L.cost_add ?></button>
  </form>
  <?cs /if ?>
</section>

<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<p><?cs if:User.manager == "1" ?><a href="/staff/improvements"><?cs var:L.imp_back ?></a><?cs else ?><a href="/staff/queue"><?cs var:L.imp_back_queue ?></a><?cs /if ?></p>
<h1 id="imp-title" data-imp="<?cs var:Page.imp.id ?>"><?cs var:Page.imp.title ?></h1>
<p class="muted"><span class="badge" id="imp-status" data-status="<?cs var:Page.imp.status ?>"><?cs var:Page.imp.status_label ?></span>
<?cs if:Page.imp.overdue == "1" ?><span class="badge sla-breached" id="imp-overdue"><?cs var:L.imp_overdue ?></span><?cs /if ?>
<?cs var:L.imp_f_owner ?> <?cs var:Page.imp.owner ?> · <?cs var:L.imp_f_due ?> <span id="imp-due"><?cs var:Page.imp.due ?></span> · <?cs var:L.imp_opened_by ?> <?cs var:Page.imp.creator ?> <?cs var:Page.imp.created_at ?></p>
<section class="card">
  <dl class="facts">
    <dt><?cs var:L.imp_f_problem ?></dt><dd class="description"><?cs var:Page.imp.problem ?></dd>
    <dt><?cs var:L.imp_f_cause ?></dt><dd class="description"><?cs var:Page.imp.cause ?></dd>
    <dt><?cs var:L.imp_f_measure ?></dt><dd class="description"><?cs var:Page.imp.measure ?></dd>
  </dl>
</section>
<section class="card" id="effect" data-metric="<?cs var:Page.imp.metric ?>" data-direction="<?cs var:Page.imp.direction ?>" data-days="<?cs var:Page.effect.days ?>">
  <h2 id="effect-title"><?cs var:Page.imp.metric_label ?> · <?cs var:Page.imp.target ?></h2>
  <p class="muted"><?cs if:Page.imp.direction == "up" ?><?cs var:L.imp_up_good ?><?cs else ?><?cs var:L.imp_down_good ?><?cs /if ?></p>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="effect-title">
  <table class="list figures">
    <thead><tr><th scope="col"></th><th scope="col"><?cs var:L.imp_period ?></th><th scope="col"><?cs var:L.imp_value ?></th></tr></thead>
    <tbody>
      <tr><th scope="row"><?cs var:L.imp_baseline ?></th><td><?cs var:Page.imp.baseline_from ?> – <?cs var:Page.imp.baseline_to ?></td><td id="f-baseline" data-value="<?cs var:Page.imp.baseline.value ?>"><?cs var:Page.imp.baseline.text ?><?cs if:?Page.imp.baseline.unit ?> <?cs var:Page.imp.baseline.unit ?><?cs /if ?></td></tr>
      <tr><th scope="row"><?cs var:L.imp_before ?></th><td id="p-before"><?cs var:Page.effect.before_from ?> – <?cs var:Page.effect.before_to ?></td><td id="f-before" data-value="<?cs var:Page.effect.before.value ?>"><?cs var:Page.effect.before.text ?><?cs if:?Page.effect.before.unit ?> <?cs var:Page.effect.before.unit ?><?cs /if ?></td></tr>
      <tr><th scope="row"><?cs var:L.imp_after ?></th><td id="p-after"><?cs var:Page.effect.after_from ?> – <?cs var:Page.effect.after_to ?></td><td id="f-after" data-value="<?cs var:Page.effect.after.value ?>"><?cs var:Page.effect.after.text ?><?cs if:?Page.effect.after.unit ?> <?cs var:Page.effect.after.unit ?><?cs /if ?></td></tr>
      <tr><th scope="row"><?cs var:L.imp_diff ?></th><td></td><td id="f-diff" data-value="<?cs var:Page.effect.diff.value ?>"><?cs var:Page.effect.diff.text ?><?cs if:?Page.effect.diff.unit ?> <?cs var:Page.effect.diff.unit ?><?cs /if ?></td></tr>
    </tbody>
  </table>
  </div>
  <p id="verdict" data-verdict="<?cs var:Page.effect.verdict ?>" class="verdict-<?cs var:Page.effect.verdict ?>"><?cs var:L["imp_verdict_" + Page.effect.verdict] ?></p>
  <p class="muted"><?cs var:L.imp_days_note ?> <?cs var:Page.effect.days ?></p>
</section>
<section class="card">
  <h2><?cs var:L.imp_notes ?></h2>
  <?cs if:subcount(Page.notes) == 0 ?><p class="empty"><?cs var:L.imp_no_notes ?></p><?cs else ?>
  <ul class="notes" id="imp-notes">
  <?cs each:n = Page.notes ?><li><span class="muted"><?cs var:n.at ?> · <?cs var:n.by ?></span> <span class="badge"><?cs var:n.status ?></span> <span class="description"><?cs var:n.note ?></span></li>
  <?cs /each ?>
  </ul><?cs /if ?>
  <form method="post" action="/staff/improvements/<?cs var:Page.imp.id ?>" id="status-form" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <label for="imp-status-select"><?cs var:L.imp_status ?></label>
    <select id="imp-status-select" name="status">
      <?cs each:s = Page.statuses ?><option value="<?cs var:s.key ?>"<?cs if:Page.imp.status == s.key ?> selected<?cs /if ?>><?cs var:s.label ?></option><?cs /each ?>
    </select>
    <?cs call:field_error("status") ?>
    <label for="imp-note"><?cs var:L.imp_note ?></label>
    <textarea id="imp-note" name="note" rows="3" maxlength="500"><?cs var:Page.form.note ?></textarea>
    <?cs call:field_error("note") ?>
    <p class="actions"><button type="submit" class="primary"><?cs var:L.imp_save ?></button></p>
  </form>
</section>
<?cs include:"footer.cs" ?>

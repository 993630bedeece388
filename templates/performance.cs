<?cs include:"header.cs" ?><?cs include:"macros.cs" ?><?cs include:"dash_macros.cs" ?>
<h1><?cs var:L.perf_title ?></h1>
<p class="muted"><?cs var:Page.period.from ?> – <?cs var:Page.period.to ?> · <a href="/staff/dashboard?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>"><?cs var:L.dash_title ?></a></p>
<p class="note"><?cs var:L.perf_intro ?></p>
<?cs call:dash_period("/staff/performance") ?>
<?cs call:dash_table(Page.tables.0) ?>
<p class="muted" id="steps-intro"><?cs var:L.perf_steps_intro ?></p>
<?cs call:dash_table(Page.tables.1) ?>
<form method="post" action="/staff/performance/weights" class="card" id="weights-form" novalidate>
  <h2><?cs var:L.perf_weights ?></h2>
  <p class="muted"><?cs var:L.perf_weights_note ?></p>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <input type="hidden" name="from" value="<?cs var:Page.period.from ?>">
  <input type="hidden" name="to" value="<?cs var:Page.period.to ?>">
  <?cs call:field_error("period") ?>
  <?cs each:w = Page.weights ?>
  <label for="w-<?cs var:w.name ?>"><?cs var:w.label ?></label>
  <input id="w-<?cs var:w.name ?>" name="weight_<?cs var:w.name ?>" type="number" min="0" max="100" step="1" required value="<?cs var:w.value ?>">
  <?cs call:field_error("weight_" + w.name) ?>
  <?cs /each ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.perf_save ?></button></p>
</form>
<?cs include:"footer.cs" ?>

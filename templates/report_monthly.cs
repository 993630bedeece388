<?cs include:"header.cs" ?><?cs include:"macros.cs" ?><?cs include:"dash_macros.cs" ?>
<?cs def:cmp_cell(c, id) ?><td id="<?cs var:id ?>" data-prev="<?cs var:c.prev.value ?>" data-delta="<?cs var:c.delta.value ?>"><?cs var:c.prev.text ?><?cs if:c.delta.value != "" ?> <small class="cmp dir-<?cs var:c.dir ?>">(<?cs if:c.dir == "up" ?><span aria-hidden="true">↑</span><?cs elif:c.dir == "down" ?><span aria-hidden="true">↓</span><?cs /if ?><?cs var:c.delta.text ?><?cs if:?c.delta.unit ?> <?cs var:c.delta.unit ?><?cs /if ?>)</small><?cs /if ?></td><?cs /def ?>
<div class="report" id="report">
<h1><?cs var:L.report_title ?> <?cs var:Page.months.0 ?></h1>
<form method="get" action="/staff/reports/monthly" class="card period no-print" id="month-form">
  <label for="r-month"><?cs var:L.report_month ?></label>
  <input id="r-month" name="month" type="month" value="<?cs var:Page.months.0 ?>" placeholder="YYYY-MM">
  <button type="submit"><?cs var:L.dash_show ?></button>
</form>
<p class="muted"><?cs var:L.report_intro ?> <?cs var:Page.months.1 ?> · <?cs var:Page.months.2 ?></p>
<section class="card">
  <h2 id="head-title"><?cs var:L.report_headline ?></h2>
  <p id="compliance" data-met="<?cs var:Page.compliance.met ?>" data-set="<?cs var:Page.compliance.set ?>"><?cs var:L.report_compliance ?> <strong><?cs var:Page.compliance.met ?> / <?cs var:Page.compliance.set ?></strong></p>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="head-title">
  <table class="list figures" id="headline">
    <thead><tr><th scope="col"></th><th scope="col"><?cs var:Page.months.0 ?></th><th scope="col"><?cs var:Page.months.1 ?></th><th scope="col"><?cs var:Page.months.2 ?></th><th scope="col"><?cs var:L.dash_target ?></th></tr></thead>
    <tbody>
    <?cs each:f = Page.head ?><tr data-key="<?cs var:f.id ?>"><th scope="row"><?cs var:f.label ?><?cs if:?f.unit ?> (<?cs var:f.unit ?>)<?cs /if ?></th><td id="f-<?cs var:f.id ?>" data-value="<?cs var:f.value ?>"><?cs var:f.text ?></td><?cs call:cmp_cell(f, "p-" + f.id) ?><?cs call:cmp_cell(f.year, "y-" + f.id) ?><?cs if:?f.target.value ?><td class="target met-<?cs alt:f.met ?>none<?cs /alt ?>" id="t-<?cs var:f.id ?>" data-target="<?cs var:f.target.value ?>" data-met="<?cs var:f.met ?>"><?cs if:f.target.at_most == "1" ?>≤<?cs else ?>≥<?cs /if ?> <?cs var:f.target.text ?>: <?cs if:f.met == "1" ?><?cs var:L.dash_met ?><?cs elif:f.met == "0" ?><?cs var:L.dash_not_met ?><?cs else ?><?cs var:L.dash_no_data ?><?cs /if ?></td><?cs else ?><td></td><?cs /if ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
</section>
<section class="card">
  <h2><?cs var:L.report_changed ?></h2>
  <?cs if:subcount(Page.changed) == 0 ?><p class="empty"><?cs var:L.dash_no_rows ?></p><?cs else ?>
  <ol id="changed">
  <?cs each:c = Page.changed ?><li data-key="<?cs var:c.key ?>" data-rel="<?cs var:c.rel.value ?>"><strong><?cs var:c.label ?></strong>: <?cs var:c.prev.text ?> → <?cs var:c.text ?><?cs if:?c.unit ?> <?cs var:c.unit ?><?cs /if ?> (<?cs var:c.delta.text ?><?cs if:?c.delta.unit ?> <?cs var:c.delta.unit ?><?cs /if ?>, <?cs var:c.rel.text ?>%)</li>
  <?cs /each ?>
  </ol><?cs /if ?>
</section>
<?cs each:t = Page.splits ?><section class="card">
  <h2 id="top-<?cs var:t.id ?>-title"><?cs var:t.title ?></h2>
  <?cs if:subcount(t.rows) == 0 ?><p class="empty"><?cs var:L.dash_no_rows ?></p><?cs else ?>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="top-<?cs var:t.id ?>-title">
  <table class="list figures" id="top-<?cs var:t.id ?>">
    <thead><tr><th scope="col"></th><th scope="col"><?cs var:L.dash_cases ?></th><th scope="col"><?cs var:L.report_share ?></th><th scope="col"><?cs var:Page.months.1 ?></th></tr></thead>
    <tbody>
    <?cs each:row = t.rows ?><tr data-key="<?cs var:row.id ?>"><th scope="row"><?cs var:row.label ?></th><td id="f-<?cs var:row.id ?>" data-value="<?cs var:row.value ?>"><?cs var:row.text ?></td><td id="f-<?cs var:row.share.id ?>" data-value="<?cs var:row.share.value ?>"><?cs var:row.share.text ?></td><?cs call:cmp_cell(row, "p-" + row.id) ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div><?cs /if ?>
</section>
<?cs /each ?>
<section class="card">
  <h2 id="complaints-title"><?cs var:L.report_complaints ?></h2>
  <dl class="figs" id="complaint-cats">
  <?cs each:c = Page.complaint_cats ?><div><dt><?cs var:c.label ?></dt><dd><span id="f-<?cs var:c.id ?>" data-value="<?cs var:c.value ?>"><?cs var:c.text ?></span></dd></div>
  <?cs /each ?>
  </dl>
</section>
<section class="card">
  <h2 id="survey-title"><?cs var:L.report_survey ?> (<?cs var:L.dash_answers ?>: <span id="f-<?cs var:Page.answers.id ?>" data-value="<?cs var:Page.answers.value ?>"><?cs var:Page.answers.text ?></span>)</h2>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="survey-title">
  <table class="list figures" id="satisfaction">
    <thead><tr><th scope="col"></th><th scope="col"><?cs var:L.dash_mean ?></th><th scope="col"><?cs var:L.dash_sd ?></th><th scope="col">1</th><th scope="col">2</th><th scope="col">3</th><th scope="col">4</th><th scope="col">5</th><th scope="col">CSAT</th></tr></thead>
    <tbody>
    <?cs each:q = Page.questions ?><tr><th scope="row"><?cs var:q.label ?></th><?cs call:dash_cell(q.mean) ?><?cs call:dash_cell(q.sd) ?><?cs each:s = q.share ?><?cs call:dash_cell(s) ?><?cs /each ?><?cs call:dash_cell(q.csat) ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
</section>
<?cs each:b = Page.bands ?><section class="card">
  <h2 id="bands-<?cs var:b.id ?>-title"><?cs var:b.title ?></h2>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="bands-<?cs var:b.id ?>-title">
  <table class="list figures" id="bands-<?cs var:b.id ?>">
    <thead><tr><th scope="col"></th><th scope="col"><?cs var:L.dash_answers ?></th><th scope="col">CSAT</th></tr></thead>
    <tbody>
    <?cs each:row = b.rows ?><tr><th scope="row"><?cs var:row.label ?></th><?cs call:dash_cell(row.n) ?><?cs call:dash_cell(row.csat) ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
</section>
<?cs /each ?>
<section class="card">
  <h2 id="staff-title"><?cs var:L.report_staff ?></h2>
  <?cs if:subcount(Page.staff) == 0 ?><p class="empty"><?cs var:L.dash_no_rows ?></p><?cs else ?>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="staff-title">
  <table class="list figures" id="staff">
    <thead><tr><th scope="col"></th><?cs each:c = Page.staff_cols ?><th scope="col"><?cs var:c ?></th><?cs /each ?></tr></thead>
    <tbody>
    <?cs each:row = Page.staff ?><tr data-key="<?cs var:row.key ?>"><th scope="row"><?cs var:row.label ?></th><?cs each:c = row.cells ?><?cs call:dash_cell(c) ?><?cs /each ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div><?cs /if ?>
</section>
<section class="card">
  <h2><?cs var:L.report_improvements ?></h2>
  <dl class="figs" id="improvements">
    <div><dt><?cs var:L.report_imp_opened ?></dt><dd><span id="f-<?cs var:Page.improvements.opened.id ?>" data-value="<?cs var:Page.improvements.opened.value ?>"><?cs var:Page.improvements.opened.text ?></span></dd></div>
    <div><dt><?cs var:L.report_imp_due ?></dt><dd><span id="f-<?cs var:Page.improvements.due.id ?>" data-value="<?cs var:Page.improvements.due.value ?>"><?cs var:Page.improvements.due.text ?></span></dd></div>
    <div><dt><?cs var:L.report_imp_done ?></dt><dd><span id="f-<?cs var:Page.improvements.done.id ?>" data-value="<?cs var:Page.improvements.done.value ?>"><?cs var:Page.improvements.done.text ?></span></dd></div>
  </dl>
</section>
</div>
<?cs include:"footer.cs" ?>

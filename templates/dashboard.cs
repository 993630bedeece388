<?cs include:"header.cs" ?><?cs include:"macros.cs" ?><?cs include:"dash_macros.cs" ?>
<h1><?cs var:L.dash_title ?></h1>
<p class="muted"><?cs var:Page.period.from ?> – <?cs var:Page.period.to ?> · <a href="/staff/performance?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>"><?cs var:L.perf_title ?></a></p>
<?cs call:dash_period("/staff/dashboard") ?>
<p class="card exports" id="dash-exports"><?cs var:L.exports_title ?>:
  <a href="/staff/export/cases.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_cases ?></a> ·
  <a href="/staff/export/refunds.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_refunds ?></a> ·
  <a href="/staff/export/surveys.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_surveys ?></a>
</p>
<?cs if:Page.empty == "1" ?><p class="card empty" id="dash-empty"><?cs var:L.dash_empty ?></p><?cs /if ?>
<section class="card">
  <h2><?cs var:L.dash_overview ?></h2>
  <dl class="figs" id="overall">
  <?cs each:f = Page.figs ?><div><dt><?cs var:f.label ?></dt><dd><span id="f-<?cs var:f.id ?>" data-value="<?cs var:f.value ?>"><?cs var:f.text ?></span><?cs if:?f.unit && f.value != "" ?> <?cs var:f.unit ?><?cs /if ?><?cs if:f.improve == "1" ?> <a class="improve" href="/staff/improvements?metric=<?cs var:url_escape(f.id) ?>#new"><?cs var:L.imp_from_figure ?><span class="sr-only"> <?cs var:f.label ?></span></a><?cs /if ?></dd></div>
  <?cs /each ?>
  <div><dt><?cs var:L.dash_complaint_rate ?></dt><dd><span id="f-<?cs var:Page.complaint_rate.id ?>" data-value="<?cs var:Page.complaint_rate.value ?>"><?cs var:Page.complaint_rate.text ?></span></dd></div>
  <div><dt><?cs var:L.dash_complaints_overdue ?></dt><dd><a id="complaints-overdue" data-value="<?cs var:Page.complaints_overdue ?>" href="/staff/complaints?show=overdue"><?cs var:Page.complaints_overdue ?></a></dd></div>
  </dl>
</section>
<section class="card">
  <h2 id="satisfaction-title"><?cs var:L.dash_satisfaction ?></h2>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="satisfaction-title">
  <table class="list figures" id="satisfaction">
    <thead><tr><th scope="col"></th><th scope="col"><?cs var:L.dash_mean ?></th><th scope="col"><?cs var:L.dash_sd ?></th><th scope="col">1</th><th scope="col">2</th><th scope="col">3</th><th scope="col">4</th><th scope="col">5</th><th scope="col">CSAT</th></tr></thead>
    <tbody>
    <?cs each:q = Page.questions ?><tr><th scope="row"><?cs var:q.label ?></th><?cs call:dash_cell(q.mean) ?><?cs call:dash_cell(q.sd) ?><?cs each:s = q.share ?><?cs call:dash_cell(s) ?><?cs /each ?><?cs call:dash_cell(q.csat) ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
</section>
<section class="card">
  <h2 id="methods-title"><?cs var:L.dash_by_method ?></h2>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="methods-title">
  <table class="list figures" id="methods">
    <thead><tr><th scope="col"></th><th scope="col"><?cs var:L.dash_answers ?></th><th scope="col">CSAT</th></tr></thead>
    <tbody>
    <?cs each:m = Page.methods ?><tr><th scope="row"><?cs var:m.label ?></th><?cs call:dash_cell(m.n) ?><?cs call:dash_cell(m.csat) ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
</section>
<section class="card">
  <h2 id="sla-title"><?cs var:L.dash_sla ?></h2>
  <dl class="figs" id="sla">
  <?cs each:s = Page.sla ?><div><dt><?cs var:s.label ?></dt><dd><span id="f-<?cs var:s.id ?>" data-value="<?cs var:s.value ?>"><?cs var:s.text ?></span><?cs if:s.improve == "1" ?> <a class="improve" href="/staff/improvements?metric=<?cs var:url_escape(s.id) ?>#new"><?cs var:L.imp_from_figure ?><span class="sr-only"> <?cs var:s.label ?></span></a><?cs /if ?></dd></div>
  <?cs /each ?>
  <div><dt><?cs var:L.dash_sla_all ?></dt><dd><span id="f-<?cs var:Page.sla_all.id ?>" data-value="<?cs var:Page.sla_all.value ?>"><?cs var:Page.sla_all.text ?></span> <a class="improve" href="/staff/improvements?metric=sla_all#new"><?cs var:L.imp_from_figure ?><span class="sr-only"> <?cs var:L.dash_sla_all ?></span></a></dd></div>
  </dl>
</section>
<section class="card charts">
  <h2><?cs var:L.dash_trends ?></h2>
  <?cs each:c = Page.charts ?><figure class="chart"><?cs var:c ?></figure>
  <?cs /each ?>
</section>
<?cs each:t = Page.tables ?><?cs call:dash_table(t) ?>
<?cs /each ?>
<?cs include:"footer.cs" ?>

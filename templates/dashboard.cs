<?cs include:"header.cs" ?><?cs include:"macros.cs" ?><?cs include:"dash_macros.cs" ?>
<h1><?cs var:L.dash_title ?></h1>
<p class="muted"><?cs var:Page.period.from ?> – <?cs var:Page.period.to ?> · <a href="/staff/performance?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>"><?cs var:L.perf_title ?></a> · <a href="/staff/reports/monthly" id="report-link"><?cs var:L.nav_report ?></a></p>
<?cs call:dash_period("/staff/dashboard") ?>
<p class="card exports" id="dash-exports"><?cs var:L.exports_title ?>:
  <a href="/staff/export/cases.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_cases ?></a> ·
  <a href="/staff/export/refunds.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_refunds ?></a> ·
  <a href="/staff/export/surveys.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_surveys ?></a>
</p>
<?cs if:Page.empty == "1" ?><p class="card empty" id="dash-empty"><?cs var:L.dash_empty ?></p><?cs /if ?>
<section class="card">
  <h2><?cs var:L.dash_overview ?></h2>
  <p class="muted" id="prev-period"><?cs var:L.dash_prev_period ?> <?cs var:Page.prev.from ?> – <?cs var:Page.prev.to ?></p>
  <dl class="figs" id="overall">
  <?cs each:f = Page.figs ?><?cs call:dash_tile(f) ?>
  <?cs /each ?>
  <?cs call:dash_tile(Page.complaint_rate) ?>
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
  <?cs each:s = Page.sla ?><?cs call:dash_tile(s) ?>
  <?cs /each ?>
  <?cs call:dash_tile(Page.sla_all) ?>
  </dl>
</section>
<section class="card charts">
  <h2><?cs var:L.dash_trends ?></h2>
  <?cs each:c = Page.charts ?><figure class="chart"><?cs var:c ?></figure>
  <?cs /each ?>
</section>
<?cs each:t = Page.tables ?><?cs call:dash_table(t) ?>
<?cs /each ?>
<?cs include:"dash_costs.cs" ?>
<?cs include:"footer.cs" ?>

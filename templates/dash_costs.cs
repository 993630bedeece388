<?cs # the dashboard's cost of service and compensation (page_costs.c fill_dash_costs) ?>
<section class="card" id="costs">
  <h2><?cs var:L.costs_dash_title ?></h2>
  <p class="muted"><small><?cs var:L.costs_dash_hint ?></small></p>
  <dl class="figs" id="cost-figs">
  <?cs each:f = Page.costs_figs ?><div><dt><?cs var:f.label ?></dt><dd><span id="f-<?cs var:f.id ?>" data-value="<?cs var:f.value ?>"><?cs var:f.text ?></span></dd></div>
  <?cs /each ?>
  <div><dt><?cs var:L.costs_comp_waiting_n ?></dt><dd><a id="comp-waiting" data-count="<?cs var:Page.costs_waiting ?>" href="/staff/queue?view=compensations"><?cs var:Page.costs_waiting ?></a></dd></div>
  </dl>
  <p><a href="/staff/export/compensations.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_compensations ?></a></p>
</section>
<?cs each:t = Page.costs_tables ?><?cs call:dash_table(t) ?>
<?cs /each ?>

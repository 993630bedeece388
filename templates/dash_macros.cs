<?cs def:dash_period(action) ?><form method="get" action="<?cs var:action ?>" class="card period" id="period-form">
  <label for="p-from"><?cs var:L.dash_from ?></label>
  <input id="p-from" name="from" type="date" value="<?cs var:Page.period.from ?>">
  <label for="p-to"><?cs var:L.dash_to ?></label>
  <input id="p-to" name="to" type="date" value="<?cs var:Page.period.to ?>">
  <button type="submit"><?cs var:L.dash_show ?></button>
</form><?cs /def ?>
<?cs def:dash_cell(c) ?><td id="f-<?cs var:c.id ?>" data-value="<?cs var:c.value ?>"><?cs var:c.text ?></td><?cs /def ?>
<?cs def:dash_table(t) ?><section class="card">
  <h2 id="<?cs var:t.id ?>-title"><?cs var:t.title ?></h2>
  <?cs if:subcount(t.rows) == 0 ?><p class="empty"><?cs var:L.dash_no_rows ?></p><?cs else ?>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="<?cs var:t.id ?>-title">
  <table class="list figures" id="<?cs var:t.id ?>">
    <thead><tr><th scope="col"></th><?cs each:c = t.cols ?><th scope="col"><?cs var:c.label ?><?cs if:?c.unit ?> (<?cs var:c.unit ?>)<?cs /if ?></th><?cs /each ?></tr></thead>
    <tbody>
    <?cs each:row = t.rows ?><tr data-key="<?cs var:row.key ?>"><th scope="row"><?cs var:row.label ?><?cs if:?row.dim ?> <a class="improve" href="/staff/improvements?dim=<?cs var:url_escape(row.dim) ?>&amp;val=<?cs var:url_escape(row.key) ?>#new"><?cs var:L.imp_from_figure ?><span class="sr-only"> <?cs var:row.label ?></span></a><?cs /if ?></th><?cs each:c = row.cells ?><?cs call:dash_cell(c) ?><?cs /each ?></tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div><?cs /if ?>
</section><?cs /def ?>

<?cs # One tile of the dashboard and the monthly report: the figure (id f-<id>,
  data-value), its unit, the previous period (id p-<id>: data-prev the raw
  previous value, data-delta the raw difference, "" for no data) and, when
  the policies set a target, met / not met (id t-<id>: data-target,
  data-met 1/0/""). Helpers add to it here (links, their own figures). ?>
<?cs def:dash_tile(f) ?><div class="tile" id="tile-<?cs var:f.id ?>"><dt><?cs var:f.label ?></dt><dd><span id="f-<?cs var:f.id ?>" data-value="<?cs var:f.value ?>"><?cs var:f.text ?></span><?cs if:?f.unit && f.value != "" ?> <?cs var:f.unit ?><?cs /if ?>
  <small class="cmp dir-<?cs alt:f.dir ?>none<?cs /alt ?>" id="p-<?cs var:f.id ?>" data-prev="<?cs var:f.prev.value ?>" data-delta="<?cs var:f.delta.value ?>"><?cs if:f.dir == "up" ?><span aria-hidden="true">↑</span> <?cs elif:f.dir == "down" ?><span aria-hidden="true">↓</span> <?cs elif:f.dir == "same" ?><span aria-hidden="true">→</span> <?cs /if ?><?cs if:f.delta.value != "" ?><?cs var:f.delta.text ?><?cs if:?f.delta.unit ?> <?cs var:f.delta.unit ?><?cs /if ?> · <?cs /if ?><?cs var:L.dash_prev ?> <?cs var:f.prev.text ?></small><?cs if:?f.target.value ?>
  <small class="target met-<?cs alt:f.met ?>none<?cs /alt ?>" id="t-<?cs var:f.id ?>" data-target="<?cs var:f.target.value ?>" data-met="<?cs var:f.met ?>"><?cs var:L.dash_target ?> <?cs if:f.target.at_most == "1" ?>≤<?cs else ?>≥<?cs /if ?> <?cs var:f.target.text ?><?cs if:?f.unit ?> <?cs var:f.unit ?><?cs /if ?>: <?cs if:f.met == "1" ?><?cs var:L.dash_met ?><?cs elif:f.met == "0" ?><?cs var:L.dash_not_met ?><?cs else ?><?cs var:L.dash_no_data ?><?cs /if ?></small><?cs /if ?><?cs if:f.improve == "1" ?>
  <a class="improve" href="/staff/improvements?metric=<?cs var:url_escape(f.id) ?>#new"><?cs var:L.imp_from_figure ?><span class="sr-only"> <?cs var:f.label ?></span></a><?cs /if ?></dd></div><?cs /def ?>

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

<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.imp_title ?></h1>
<p class="note"><?cs var:L.imp_intro ?></p>
<section class="card">
<?cs if:subcount(Page.list) == 0 ?>
  <p class="empty" id="imp-empty"><?cs var:L.imp_empty ?></p>
<?cs else ?>
  <div class="scroll" role="region" tabindex="0" aria-labelledby="imp-list-title">
  <table class="list" id="imp-list">
    <caption id="imp-list-title"><?cs var:L.imp_list ?></caption>
    <thead><tr><th scope="col"><?cs var:L.imp_f_title ?></th><th scope="col"><?cs var:L.imp_f_metric ?></th><th scope="col"><?cs var:L.imp_f_owner ?></th><th scope="col"><?cs var:L.imp_f_due ?></th><th scope="col"><?cs var:L.imp_status ?></th></tr></thead>
    <tbody>
    <?cs each:i = Page.list ?><tr data-imp="<?cs var:i.id ?>" data-status="<?cs var:i.status ?>"<?cs if:i.overdue == "1" ?> data-overdue="1"<?cs /if ?>>
      <th scope="row"><a href="/staff/improvements/<?cs var:i.id ?>"><?cs var:i.title ?></a></th>
      <td><?cs var:i.metric_label ?> · <?cs var:i.target ?></td>
      <td><?cs var:i.owner ?></td>
      <td><?cs var:i.due ?><?cs if:i.overdue == "1" ?> <span class="badge sla-breached"><?cs var:L.imp_overdue ?></span><?cs /if ?></td>
      <td><span class="badge"><?cs var:i.status_label ?></span></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
  </div>
<?cs /if ?>
<?cs call:pager("/staff/improvements") ?>
</section>
<form method="post" action="/staff/improvements" class="card" id="new" novalidate>
  <h2><?cs var:L.imp_new ?></h2>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <label for="imp-metric"><?cs var:L.imp_f_metric ?></label>
  <select id="imp-metric" name="metric">
    <?cs each:m = Page.metrics ?><option value="<?cs var:m.key ?>"<?cs if:Page.form.metric == m.key ?> selected<?cs /if ?>><?cs var:m.label ?></option><?cs /each ?>
  </select>
  <?cs call:field_error("metric") ?>
  <label for="imp-target"><?cs var:L.imp_f_target ?></label>
  <select id="imp-target" name="target">
    <option value=""><?cs var:L.imp_whole_shop ?></option>
    <?cs each:d = Page.dims ?><optgroup label="<?cs var:d.label ?>"><?cs each:v = d.values ?><option value="<?cs var:d.key ?>:<?cs var:v.key ?>"<?cs if:Page.form.target == d.key + ":" + v.key ?> selected<?cs /if ?>><?cs var:v.label ?></option><?cs /each ?></optgroup><?cs /each ?>
  </select>
  <?cs call:field_error("target") ?>
  <label for="imp-title"><?cs var:L.imp_f_title ?></label>
  <input id="imp-title" name="title" type="text" maxlength="100" required value="<?cs var:Page.form.title ?>">
  <?cs call:field_error("title") ?>
  <label for="imp-problem"><?cs var:L.imp_f_problem ?></label>
  <textarea id="imp-problem" name="problem" rows="3" maxlength="2000" required><?cs var:Page.form.problem ?></textarea>
  <?cs call:field_error("problem") ?>
  <label for="imp-cause"><?cs var:L.imp_f_cause ?></label>
  <textarea id="imp-cause" name="cause" rows="3" maxlength="2000" required><?cs var:Page.form.cause ?></textarea>
  <?cs call:field_error("cause") ?>
  <label for="imp-measure"><?cs var:L.imp_f_measure ?></label>
  <textarea id="imp-measure" name="measure" rows="3" maxlength="2000" required><?cs var:Page.form.measure ?></textarea>
  <?cs call:field_error("measure") ?>
  <label for="imp-owner"><?cs var:L.imp_f_owner ?></label>
  <select id="imp-owner" name="owner_id">
    <option value=""><?cs var:L.form_choose ?></option>
    <?cs each:o = Page.owners ?><option value="<?cs var:o.id ?>"<?cs if:Page.form.owner_id == o.id ?> selected<?cs /if ?>><?cs var:o.name ?></option><?cs /each ?>
  </select>
  <?cs call:field_error("owner_id") ?>
  <label for="imp-due"><?cs var:L.imp_f_due ?></label>
  <input id="imp-due" name="due" type="date" min="<?cs var:Page.today ?>" required value="<?cs var:Page.form.due ?>">
  <?cs call:field_error("due") ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.imp_create ?></button></p>
</form>
<?cs include:"footer.cs" ?>

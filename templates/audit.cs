<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.audit_title ?></h1>
<form method="get" action="/staff/audit" class="card filters">
  <label for="case_no"><?cs var:L.case_no ?></label>
  <input id="case_no" name="case_no" type="text" maxlength="20" value="<?cs var:Page.filter.case_no ?>">
  <label for="staff_id"><?cs var:L.audit_staff ?></label>
  <select id="staff_id" name="staff_id">
    <option value=""><?cs var:L.queue_anyone ?></option>
    <?cs each:m = Page.team ?><option value="<?cs var:m.id ?>"<?cs if:Page.filter.staff_id == m.id ?> selected<?cs /if ?>><?cs var:m.name ?></option><?cs /each ?>
  </select>
  <label for="from"><?cs var:L.audit_from ?></label>
  <input id="from" name="from" type="date" value="<?cs var:Page.filter.from ?>">
  <label for="to"><?cs var:L.audit_to ?></label>
  <input id="to" name="to" type="date" value="<?cs var:Page.filter.to ?>">
  <p class="actions"><button type="submit" class="primary"><?cs var:L.queue_filter ?></button></p>
</form>
<?cs if:subcount(Page.events) == 0 ?>
<p class="empty"><?cs var:L.audit_empty ?></p>
<?cs else ?>
<div class="scroll" role="region" tabindex="0" aria-label="<?cs var:L.audit_title ?>">
<table class="list" id="events">
  <thead><tr><th scope="col"><?cs var:L.audit_time ?></th><th scope="col"><?cs var:L.case_no ?></th><th scope="col"><?cs var:L.audit_who ?></th><th scope="col"><?cs var:L.audit_action ?></th><th scope="col"><?cs var:L.case_state ?></th><th scope="col"><?cs var:L.audit_note ?></th></tr></thead>
  <tbody>
  <?cs each:ev = Page.events ?>
  <tr class="event" data-case="<?cs var:ev.case_no ?>" data-action="<?cs var:ev.action ?>" data-actor="<?cs var:ev.actor ?>">
    <td><time><?cs var:ev.at ?></time></td>
    <td><?cs if:?ev.case_no ?><a href="/staff/cases/<?cs var:url_escape(ev.case_no) ?>"><?cs var:ev.case_no ?></a><?cs /if ?></td>
    <td class="who"><?cs var:ev.who ?></td>
    <td><?cs var:ev.action_label ?></td>
    <td><?cs if:?ev.from ?><?cs var:ev.from ?> → <?cs /if ?><?cs if:?ev.to ?><?cs var:ev.to ?><?cs /if ?></td>
    <td class="note"><?cs var:ev.note ?></td>
  </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs /if ?>
<?cs call:pager("/staff/audit") ?>
<?cs include:"footer.cs" ?>

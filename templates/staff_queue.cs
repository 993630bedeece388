<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.queue_title ?></h1>
<form method="get" action="/staff/queue" class="card filters">
  <label for="q"><?cs var:L.queue_search ?></label>
  <input id="q" name="q" type="text" value="<?cs var:Page.filter.q ?>">
  <label for="status"><?cs var:L.case_state ?></label>
  <select id="status" name="status">
    <option value=""><?cs var:L.queue_all_open ?></option>
    <?cs each:s = Page.states ?><option value="<?cs var:s.name ?>"<?cs if:Page.filter.status == s.name ?> selected<?cs /if ?>><?cs var:s.label ?></option><?cs /each ?>
  </select>
  <label for="type"><?cs var:L.case_type ?></label>
  <select id="type" name="type">
    <option value=""><?cs var:L.queue_all_types ?></option>
    <?cs each:t = Page.types ?><option value="<?cs var:t.name ?>"<?cs if:Page.filter.type == t.name ?> selected<?cs /if ?>><?cs var:t.label ?></option><?cs /each ?>
  </select>
  <label for="sla"><?cs var:L.queue_sla ?></label>
  <select id="sla" name="sla">
    <option value=""><?cs var:L.queue_sla_any ?></option>
    <option value="at_risk"<?cs if:Page.filter.sla == "at_risk" ?> selected<?cs /if ?>><?cs var:L.sla_at_risk ?></option>
    <option value="breached"<?cs if:Page.filter.sla == "breached" ?> selected<?cs /if ?>><?cs var:L.sla_breached ?></option>
  </select>
  <label for="assignee"><?cs var:L.case_assignee ?></label>
  <select id="assignee" name="assignee">
    <option value=""><?cs var:L.queue_anyone ?></option>
    <option value="me"<?cs if:Page.filter.assignee == "me" ?> selected<?cs /if ?>><?cs var:L.queue_mine ?></option>
    <?cs each:m = Page.team ?><option value="<?cs var:m.id ?>"<?cs if:Page.filter.assignee == m.id ?> selected<?cs /if ?>><?cs var:m.name ?></option><?cs /each ?>
  </select>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.queue_filter ?></button></p>
</form>
<?cs if:subcount(Page.cases) == 0 ?>
<p class="empty"><?cs var:L.queue_empty ?></p>
<?cs else ?>
<ul class="cases">
<?cs each:c = Page.cases ?>
  <li class="card case-row" data-case="<?cs var:c.case_no ?>">
    <a href="/staff/cases/<?cs var:url_escape(c.case_no) ?>"><strong><?cs var:c.case_no ?></strong></a>
    <span class="badge state-<?cs var:c.state ?>"><?cs var:c.state_label ?></span>
    <?cs if:?c.due ?><span class="badge sla-<?cs var:c.sla ?>" data-sla="<?cs var:c.sla ?>"><?cs var:L.queue_due ?> <?cs var:c.due ?><?cs if:c.sla != "ok" ?> · <?cs var:c.sla_label ?><?cs /if ?></span><?cs /if ?>
    <div class="muted"><?cs var:c.type ?> · <?cs var:L.form_order ?> <?cs var:c.order_no ?> · <?cs var:L.queue_customer ?> <?cs var:c.customer ?> <span class="phone"><?cs var:c.phone ?></span> · <?cs var:L.case_created ?> <?cs var:c.created_at ?><?cs if:?c.assignee ?> · <?cs var:L.case_assignee ?> <span class="assignee"><?cs var:c.assignee ?></span><?cs /if ?></div>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs call:pager("/staff/queue") ?>
<?cs include:"footer.cs" ?>

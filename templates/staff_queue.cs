<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.queue_title ?></h1>
<?cs if:subcount(Page.improvements) > 0 ?><section class="card" id="my-improvements" aria-labelledby="my-imp-title">
  <h2 id="my-imp-title"><?cs var:L.imp_mine ?></h2>
  <ul>
  <?cs each:i = Page.improvements ?><li data-imp="<?cs var:i.id ?>"<?cs if:i.overdue == "1" ?> data-overdue="1"<?cs /if ?>><a href="/staff/improvements/<?cs var:i.id ?>"><?cs var:i.title ?></a> · <?cs var:i.metric_label ?> · <?cs var:L.imp_f_due ?> <?cs var:i.due ?><?cs if:i.overdue == "1" ?> <span class="badge sla-breached"><?cs var:L.imp_overdue ?></span><?cs /if ?></li>
  <?cs /each ?>
  </ul>
</section><?cs /if ?>
<?cs # the role views (page_desk.c fill_queue_desk): the member's own first, each with its count ?>
<nav class="views" aria-label="<?cs var:L.views_label ?>">
<?cs each:w = Page.views ?><a href="/staff/queue?view=<?cs var:url_escape(w.key) ?>" data-view="<?cs var:w.key ?>" data-count="<?cs var:w.count ?>" class="view<?cs if:w.mine == "1" ?> mine<?cs /if ?>"<?cs if:w.current == "1" ?> aria-current="page"<?cs /if ?>><?cs var:w.label ?> <span class="count"><?cs var:w.count_text ?></span></a>
<?cs /each ?></nav>
<form method="get" action="/staff/queue" class="card scan" id="scan-form">
  <input type="hidden" name="open" value="1">
  <label for="scan"><?cs var:L.queue_scan ?></label>
  <input id="scan" name="q" type="text" autocomplete="off" aria-describedby="scan-hint">
  <button type="submit"><?cs var:L.queue_scan_open ?></button>
  <small id="scan-hint" class="muted"><?cs var:L.queue_scan_hint ?></small>
</form>
<form method="get" action="/staff/queue" class="card filters queue-filters">
  <?cs if:Page.view != "" ?><input type="hidden" name="view" value="<?cs var:Page.view ?>"><?cs /if ?>
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
  <label for="sort"><?cs var:L.queue_sort ?></label>
  <select id="sort" name="sort">
    <?cs each:o = Page.sorts ?><option value="<?cs var:o.key ?>"<?cs if:Page.filter.sort == o.key ?> selected<?cs /if ?>><?cs var:o.label ?></option><?cs /each ?>
  </select>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.queue_filter ?></button></p>
</form>
<?cs if:User.manager == "1" ?><p class="exports"><a id="queue-export" href="/staff/export/queue.csv?<?cs var:Page.keep ?>" download><?cs var:L.export_queue ?></a></p><?cs /if ?>
<h2 id="view-title" data-view="<?cs var:Page.view ?>"><?cs var:Page.view_label ?><?cs if:Page.view != "" ?> <span class="count">(<?cs var:Page.view_count ?>)</span><?cs /if ?></h2>
<?cs if:subcount(Page.cases) == 0 ?>
<p class="empty"><?cs var:L.queue_empty ?></p>
<?cs else ?>
<form method="post" action="/staff/queue/assign" id="bulk">
<input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
<ul class="cases">
<?cs each:c = Page.cases ?>
  <li class="card case-row" data-case="<?cs var:c.case_no ?>"<?cs if:c.waiting == "1" ?> data-waiting="1"<?cs /if ?>>
    <input type="checkbox" name="case" value="<?cs var:c.pick ?>" id="pick-<?cs var:c.case_no ?>" aria-label="<?cs var:L.bulk_pick ?> <?cs var:c.case_no ?>">
    <a href="/staff/cases/<?cs var:url_escape(c.case_no) ?>"><strong><?cs var:c.case_no ?></strong></a>
    <span class="badge state-<?cs var:c.state ?>"><?cs var:c.state_label ?></span>
    <?cs if:c.waiting == "1" ?><span class="badge wait waiting"><?cs var:L.view_waiting ?></span><?cs /if ?>
    <?cs if:?c.due ?><span class="badge sla-<?cs var:c.sla ?>" data-sla="<?cs var:c.sla ?>"><?cs var:L.queue_due ?> <?cs var:c.due ?><?cs if:c.sla != "ok" ?> · <?cs var:c.sla_label ?><?cs /if ?></span><?cs /if ?>
    <div class="muted"><?cs var:c.type ?> · <?cs var:L.form_order ?> <?cs var:c.order_no ?><?cs if:?c.amount ?> · <span class="amount">¥<?cs var:c.amount ?></span><?cs /if ?> · <?cs var:L.queue_customer ?> <?cs var:c.customer ?> <span class="phone"><?cs var:c.phone ?></span> · <?cs var:L.case_created ?> <?cs var:c.created_at ?> · <?cs var:L.queue_activity ?> <?cs var:c.updated_at ?><?cs if:?c.assignee ?> · <?cs var:L.case_assignee ?> <span class="assignee"><?cs var:c.assignee ?></span><?cs /if ?></div>
  </li>
<?cs /each ?>
</ul>
<p class="card bulk-bar">
  <label for="bulk-staff"><?cs var:L.bulk_assign_to ?></label>
  <select id="bulk-staff" name="staff_id" required>
    <option value=""><?cs var:L.form_choose ?></option>
    <?cs each:m = Page.team ?><option value="<?cs var:m.id ?>"><?cs var:m.name ?></option><?cs /each ?>
  </select>
  <button type="submit"><?cs var:L.bulk_assign ?></button>
</p>
</form>
<?cs /if ?>
<?cs call:pager("/staff/queue") ?>
<?cs include:"footer.cs" ?>

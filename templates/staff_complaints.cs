<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.complaints_title ?></h1>
<nav class="tabs" aria-label="<?cs var:L.complaints_title ?>">
  <a href="/staff/complaints"<?cs if:Page.filter.show == "open" ?> aria-current="page"<?cs /if ?>><?cs var:L.complaints_open ?></a>
  <a href="/staff/complaints?show=overdue"<?cs if:Page.filter.show == "overdue" ?> aria-current="page"<?cs /if ?>><?cs var:L.complaints_overdue ?></a>
  <a href="/staff/complaints?show=all"<?cs if:Page.filter.show == "all" ?> aria-current="page"<?cs /if ?>><?cs var:L.complaints_all ?></a>
</nav>
<?cs if:subcount(Page.complaints) == 0 ?>
<p class="empty"><?cs if:Page.filter.show == "overdue" ?><?cs var:L.complaints_none_overdue ?><?cs else ?><?cs var:L.complaints_none_open ?><?cs /if ?></p>
<?cs else ?>
<ul class="cases">
<?cs each:c = Page.complaints ?>
  <li class="card" id="complaint-<?cs var:c.id ?>" data-complaint="<?cs var:c.id ?>" data-status="<?cs var:c.status ?>" data-kind="<?cs var:c.kind ?>">
    <strong><?cs var:c.subject ?></strong>
    <?cs if:c.kind == "praise" ?><span class="badge state-completed"><?cs var:L.complaint_kind_praise ?><?cs if:?c.praised ?> · <?cs var:c.praised ?><?cs /if ?></span><?cs else ?><span class="badge"><?cs var:c.status_label ?></span> <span class="badge"><?cs var:c.category ?></span><?cs /if ?>
    <?cs if:?c.sla ?><span class="badge sla-<?cs var:c.sla ?>" data-sla="<?cs var:c.sla ?>"><?cs var:L.queue_due ?> <?cs var:c.due ?><?cs if:c.sla != "ok" ?> · <?cs var:c.sla_label ?><?cs /if ?></span><?cs /if ?>
    <div class="muted"><?cs var:c.customer ?> · <?cs var:c.created_at ?><?cs if:?c.case_no ?> · <a href="/staff/cases/<?cs var:url_escape(c.case_no) ?>"><?cs var:c.case_no ?></a><?cs /if ?></div>
    <p class="description"><?cs var:c.body ?></p>
    <?cs if:?c.reply ?><div class="reply"><p class="muted"><?cs var:c.replied_by ?> · <?cs var:c.replied_at ?></p><p class="description"><?cs var:c.reply ?></p></div><?cs /if ?>
    <?cs if:?c.reopen_reason ?><div class="reply"><p class="muted"><?cs var:L.complaint_reopened ?> · <?cs var:c.reopened_at ?></p><p class="description"><?cs var:c.reopen_reason ?></p></div><?cs /if ?>
    <?cs if:?c.resolution ?><div class="reply"><p class="muted"><?cs var:L.complaint_resolution ?> · <?cs var:c.resolved_by ?> · <?cs var:c.resolved_at ?></p><p class="description"><?cs var:c.resolution ?></p><?cs if:?c.compensation ?><p><?cs var:L.complaint_compensation ?>: ¥<?cs var:c.compensation ?></p><?cs /if ?></div><?cs /if ?>
    <?cs if:?c.closed ?><p class="muted"><?cs var:c.closed ?></p><?cs /if ?>
    <?cs if:c.status == "received" ?>
    <form method="post" action="/staff/complaints/<?cs var:c.id ?>/reply">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <label for="reply-<?cs var:c.id ?>"><?cs var:L.complaint_reply ?></label>
      <textarea id="reply-<?cs var:c.id ?>" name="body" rows="3" maxlength="2000" required></textarea>
      <button type="submit" class="primary"><?cs var:L.complaint_reply_send ?></button>
    </form>
    <?cs /if ?>
    <?cs if:c.kind == "complaint" && (c.status == "received" || c.status == "handling") ?>
    <details<?cs if:c.status == "handling" ?> open<?cs /if ?>>
      <summary><?cs var:L.complaint_resolve ?></summary>
      <form method="post" action="/staff/complaints/<?cs var:c.id ?>/resolve">
        <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
        <label for="resolution-<?cs var:c.id ?>"><?cs var:L.complaint_resolution ?></label>
        <textarea id="resolution-<?cs var:c.id ?>" name="resolution" rows="3" maxlength="2000" required></textarea>
        <label for="compensation-<?cs var:c.id ?>"><?cs var:L.complaint_compensation_field ?></label>
        <input id="compensation-<?cs var:c.id ?>" name="compensation" type="text" inputmode="decimal" maxlength="13">
        <button type="submit" class="primary"><?cs var:L.complaint_resolve_send ?></button>
      </form>
    </details>
    <?cs /if ?>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs call:pager("/staff/complaints") ?>
<?cs include:"footer.cs" ?>

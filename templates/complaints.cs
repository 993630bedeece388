<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.complaints_title ?></h1>
<form method="post" action="/my/complaints" class="card" id="complaint-form" novalidate>
  <h2><?cs var:L.complaint_new ?></h2>
  <p class="note"><?cs var:L.complaint_intro ?></p>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <fieldset>
    <legend><?cs var:L.complaint_kind ?></legend>
    <label class="choice"><input type="radio" name="kind" value="complaint"<?cs if:Page.form.kind != "praise" ?> checked<?cs /if ?>> <?cs var:L.complaint_kind_complaint ?></label>
    <label class="choice"><input type="radio" name="kind" value="praise"<?cs if:Page.form.kind == "praise" ?> checked<?cs /if ?>> <?cs var:L.complaint_kind_praise ?></label>
    <?cs call:field_error("kind") ?>
  </fieldset>
  <label for="category"><?cs var:L.complaint_category ?></label>
  <select id="category" name="category" aria-describedby="category-hint">
    <?cs each:k = Page.categories ?><option value="<?cs var:k.code ?>"<?cs if:Page.form.category == k.code || (!?Page.form.category && k.code == "other") ?> selected<?cs /if ?>><?cs var:k.label ?></option><?cs /each ?>
  </select>
  <small id="category-hint" class="muted"><?cs var:L.complaint_category_hint ?></small>
  <?cs call:field_error("category") ?>
  <label for="subject"><?cs var:L.complaint_subject ?></label>
  <input id="subject" name="subject" type="text" maxlength="100" required value="<?cs var:Page.form.subject ?>">
  <?cs call:field_error("subject") ?>
  <label for="case_no"><?cs var:L.complaint_case ?></label>
  <input id="case_no" name="case_no" type="text" maxlength="20" value="<?cs var:Page.form.case_no ?>" aria-describedby="case-no-hint">
  <small id="case-no-hint" class="muted"><?cs var:L.complaint_case_hint ?></small>
  <?cs call:field_error("case_no") ?>
  <label for="body"><?cs var:L.complaint_body ?></label>
  <textarea id="body" name="body" rows="4" maxlength="2000" required><?cs var:Page.form.body ?></textarea>
  <?cs call:field_error("body") ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.complaint_send ?></button></p>
</form>
<?cs if:subcount(Page.complaints) == 0 ?>
<p class="empty"><?cs var:L.complaints_empty ?></p>
<?cs else ?>
<ul class="cases">
<?cs each:c = Page.complaints ?>
  <li class="card" id="complaint-<?cs var:c.id ?>" data-complaint="<?cs var:c.id ?>" data-status="<?cs var:c.status ?>" data-kind="<?cs var:c.kind ?>">
    <strong><?cs var:c.subject ?></strong>
    <?cs if:c.kind == "praise" ?><span class="badge state-completed"><?cs var:L.complaint_kind_praise ?></span><?cs else ?><span class="badge state-<?cs if:c.status == "resolved" || c.status == "closed" ?>completed<?cs else ?>submitted<?cs /if ?>"><?cs var:c.status_label ?></span><?cs /if ?>
    <div class="muted"><?cs var:c.created_at ?><?cs if:c.kind != "praise" ?> · <?cs var:c.category ?><?cs /if ?><?cs if:?c.case_no ?> · <a href="/my/requests/<?cs var:url_escape(c.case_no) ?>"><?cs var:c.case_no ?></a><?cs /if ?></div>
    <p class="description"><?cs var:c.body ?></p>
    <?cs if:?c.reply ?><div class="reply"><p class="muted"><?cs var:L.complaint_reply_from ?> · <?cs var:c.replied_at ?></p><p class="description"><?cs var:c.reply ?></p></div><?cs /if ?>
    <?cs if:?c.reopen_reason ?><div class="reply"><p class="muted"><?cs var:L.complaint_reopened ?> · <?cs var:c.reopened_at ?></p><p class="description"><?cs var:c.reopen_reason ?></p></div><?cs /if ?>
    <?cs if:?c.resolution ?><div class="reply" data-resolution><p class="muted"><?cs var:L.complaint_resolution ?> · <?cs var:c.resolved_at ?></p><p class="description"><?cs var:c.resolution ?></p><?cs if:?c.compensation ?><p><?cs var:L.complaint_compensation ?>: ¥<?cs var:c.compensation ?></p><?cs /if ?></div><?cs /if ?>
    <?cs if:?c.closed ?><p class="muted"><?cs var:c.closed ?></p><?cs /if ?>
    <?cs if:c.can_confirm == "1" ?>
    <p class="note"><?cs var:L.complaint_confirm_hint ?> <?cs var:c.closes_at ?></p>
    <form method="post" action="/my/complaints/<?cs var:c.id ?>/confirm" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <button type="submit" class="primary"><?cs var:L.complaint_confirm ?></button>
    </form>
    <?cs /if ?>
    <?cs if:c.can_reopen == "1" ?>
    <details>
      <summary><?cs var:L.complaint_reopen ?></summary>
      <form method="post" action="/my/complaints/<?cs var:c.id ?>/reopen">
        <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
        <label for="reason-<?cs var:c.id ?>"><?cs var:L.complaint_reopen_reason ?></label>
        <textarea id="reason-<?cs var:c.id ?>" name="reason" rows="3" maxlength="2000" required></textarea>
        <button type="submit"><?cs var:L.complaint_reopen_send ?></button>
      </form>
    </details>
    <?cs /if ?>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs call:pager("/my/complaints") ?>
<?cs include:"footer.cs" ?>

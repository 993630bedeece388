<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.complaints_title ?></h1>
<form method="post" action="/my/complaints" class="card" id="complaint-form" novalidate>
  <h2><?cs var:L.complaint_new ?></h2>
  <p class="note"><?cs var:L.complaint_intro ?></p>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
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
  <li class="card" id="complaint-<?cs var:c.id ?>" data-complaint="<?cs var:c.id ?>">
    <strong><?cs var:c.subject ?></strong>
    <?cs if:?c.reply ?><span class="badge state-completed"><?cs var:L.complaint_answered ?></span><?cs else ?><span class="badge state-submitted"><?cs var:L.complaint_waiting ?></span><?cs /if ?>
    <div class="muted"><?cs var:c.created_at ?><?cs if:?c.case_no ?> · <a href="/my/requests/<?cs var:url_escape(c.case_no) ?>"><?cs var:c.case_no ?></a><?cs /if ?></div>
    <p class="description"><?cs var:c.body ?></p>
    <?cs if:?c.reply ?><div class="reply"><p class="muted"><?cs var:L.complaint_reply_from ?> · <?cs var:c.replied_at ?></p><p class="description"><?cs var:c.reply ?></p></div><?cs /if ?>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs call:pager("/my/complaints") ?>
<?cs include:"footer.cs" ?>

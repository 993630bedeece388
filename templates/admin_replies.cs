<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.replies_title ?></h1>
<p class="note"><?cs var:L.replies_intro ?></p>
<form method="post" action="/staff/admin/replies" class="card" id="reply-form" novalidate>
  <h2><?cs var:L.replies_add ?></h2>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <label for="reply-lang"><?cs var:L.replies_lang ?></label>
  <select id="reply-lang" name="lang">
    <option value="zh-CN"<?cs if:Page.form.lang == "zh-CN" ?> selected<?cs /if ?>>中文</option>
    <option value="en"<?cs if:Page.form.lang == "en" ?> selected<?cs /if ?>>English</option>
  </select>
  <?cs call:field_error("lang") ?>
  <label for="reply-title"><?cs var:L.replies_name ?></label>
  <input id="reply-title" name="title" type="text" maxlength="100" required value="<?cs var:Page.form.title ?>">
  <?cs call:field_error("title") ?>
  <label for="reply-body"><?cs var:L.replies_body ?></label>
  <textarea id="reply-body" name="body" rows="4" maxlength="2000" required><?cs var:Page.form.body ?></textarea>
  <?cs call:field_error("body") ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.replies_save ?></button></p>
</form>
<section class="card">
<?cs if:subcount(Page.replies) == 0 ?>
  <p class="empty"><?cs var:L.replies_empty ?></p>
<?cs else ?>
  <ul class="replies">
  <?cs each:t = Page.replies ?>
    <li data-reply="<?cs var:t.id ?>" data-lang="<?cs var:t.lang ?>">
      <strong><?cs var:t.title ?></strong> <span class="badge"><?cs var:t.lang ?></span>
      <p class="description"><?cs var:t.body ?></p>
      <form method="post" action="/staff/admin/replies/<?cs var:t.id ?>/remove" class="inline">
        <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
        <button type="submit" class="link"><?cs var:L.replies_remove ?> <span class="sr-only"><?cs var:t.title ?></span></button>
      </form>
    </li>
  <?cs /each ?>
  </ul>
<?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

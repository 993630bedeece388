<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.forgot_title ?></h1>
  <p class="muted"><?cs var:L.forgot_intro ?></p>
  <form method="post" action="/forgot" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <label for="login"><?cs var:L.login_label ?></label>
    <input id="login" name="login" type="text" autocomplete="username" inputmode="email" required maxlength="190" value="<?cs var:Page.form.login ?>">
    <?cs call:field_error("login") ?>
    <button type="submit" class="primary"><?cs var:L.forgot_send ?></button>
  </form>
  <p><a href="/login"><?cs var:L.have_account ?></a></p>
</section>
<?cs include:"footer.cs" ?>

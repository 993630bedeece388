<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.forgot_title ?></h1>
  <p class="note" role="status"><?cs var:L.forgot_sent ?></p>
  <form method="post" action="/forgot/reset" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <input type="hidden" name="login" value="<?cs var:Page.form.login ?>">
    <?cs call:field_error("login") ?>
    <label for="code"><?cs var:L.forgot_code ?></label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
    <?cs call:field_error("code") ?>
    <label for="password"><?cs var:L.forgot_new_password ?></label>
    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8">
    <?cs call:field_error("password") ?>
    <label for="password2"><?cs var:L.password2_label ?></label>
    <input id="password2" name="password2" type="password" autocomplete="new-password" required minlength="8">
    <?cs call:field_error("password2") ?>
    <button type="submit" class="primary"><?cs var:L.forgot_reset_button ?></button>
  </form>
  <p><a href="/forgot"><?cs var:L.forgot_again ?></a></p>
</section>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1><?cs var:Page.title ?></h1>
  <?cs if:Page.reset_done == "1" ?><p class="note" role="status"><?cs var:L.login_reset_done ?></p><?cs /if ?>
  <form method="post" action="<?cs if:?Page.action ?><?cs var:Page.action ?><?cs else ?>/login<?cs /if ?>" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <?cs if:?Page.next_path ?><input type="hidden" name="next" value="<?cs var:Page.next_path ?>"><?cs /if ?>
    <?cs call:field_error("login") ?>
    <label for="login"><?cs var:L.login_label ?></label>
    <input id="login" name="login" type="text" autocomplete="username" inputmode="email" required value="<?cs var:Page.form.login ?>">
    <label for="password"><?cs var:L.password_label ?></label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <?cs if:Page.staff == "1" ?><label for="otp"><?cs var:L.otp_label ?></label>
    <input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="32" aria-describedby="otp-hint">
    <p class="muted" id="otp-hint"><small><?cs var:L.otp_hint ?></small></p>
    <?cs call:field_error("otp") ?><?cs /if ?>
    <button type="submit" class="primary"><?cs var:L.login_button ?></button>
  </form>
  <?cs if:Page.staff != "1" ?><p><a href="/forgot"><?cs var:L.forgot_link ?></a></p>
  <p><a href="/register"><?cs var:L.login_first_time ?></a></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

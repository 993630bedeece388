<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1><?cs var:L.register_title ?></h1>
  <p class="muted"><?cs var:L.register_intro ?></p>
  <form method="post" action="/register" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <label for="order_no"><?cs var:L.order_no_label ?></label>
    <input id="order_no" name="order_no" type="text" required maxlength="40" value="<?cs var:Page.form.order_no ?>">
    <?cs call:field_error("order_no") ?>
    <label for="phone"><?cs var:L.phone_label ?></label>
    <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" required maxlength="20" value="<?cs var:Page.form.phone ?>">
    <?cs call:field_error("phone") ?>
    <label for="password"><?cs var:L.password_label ?></label>
    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8">
    <?cs call:field_error("password") ?>
    <label for="password2"><?cs var:L.password2_label ?></label>
    <input id="password2" name="password2" type="password" autocomplete="new-password" required minlength="8">
    <?cs call:field_error("password2") ?>
    <button type="submit" class="primary"><?cs var:L.register_button ?></button>
  </form>
  <p><a href="/login"><?cs var:L.have_account ?></a></p>
</section>
<?cs include:"footer.cs" ?>

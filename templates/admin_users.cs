<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.users_title ?></h1>
<form method="post" action="/staff/admin/users" class="card" id="user-new" novalidate>
  <h2><?cs var:L.users_new ?></h2>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <label for="new-email"><?cs var:L.users_email ?></label>
  <input id="new-email" name="email" type="email" required maxlength="190" autocomplete="off" value="<?cs var:Page.form.email ?>">
  <?cs call:field_error("email") ?>
  <label for="new-name"><?cs var:L.users_name ?></label>
  <input id="new-name" name="name" type="text" required maxlength="100" value="<?cs var:Page.form.name ?>">
  <?cs call:field_error("name") ?>
  <fieldset>
    <legend><?cs var:L.users_roles ?></legend>
    <?cs each:ro = Page.roles ?><label class="choice"><input type="checkbox" name="roles" value="<?cs var:ro.name ?>"<?cs if:Page.form.new_roles[ro.name] == "1" ?> checked<?cs /if ?>> <?cs var:ro.label ?></label><?cs /each ?>
    <?cs call:field_error("roles") ?>
  </fieldset>
  <label for="new-password"><?cs var:L.users_initial_password ?></label>
  <input id="new-password" name="password" type="password" required minlength="8" autocomplete="new-password">
  <?cs call:field_error("password") ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.users_create ?></button></p>
</form>
<ul class="users">
<?cs each:u = Page.users ?>
  <li class="card user" id="user-<?cs var:u.id ?>" data-user="<?cs var:u.id ?>" data-disabled="<?cs var:u.disabled ?>">
    <h2><?cs var:u.name ?><?cs if:u.self == "1" ?> <span class="muted">(<?cs var:L.users_you ?>)</span><?cs /if ?></h2>
    <p class="muted"><span class="email"><?cs var:u.email ?></span> · <span class="roles"><?cs var:u.roles_text ?></span><?cs if:u.disabled == "1" ?> · <span class="badge state-rejected"><?cs var:L.users_disabled ?></span><?cs /if ?></p>
    <form method="post" action="/staff/admin/users/<?cs var:u.id ?>/roles" class="user-roles">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <fieldset>
        <legend><?cs var:L.users_roles ?></legend>
        <?cs each:ro = Page.roles ?><label class="choice"><input type="checkbox" name="roles" value="<?cs var:ro.name ?>"<?cs if:Page.form.uid == u.id && Page.form.action == "roles" ?><?cs if:Page.form.roles[ro.name] == "1" ?> checked<?cs /if ?><?cs elif:u.roles[ro.name] == "1" ?> checked<?cs /if ?>> <?cs var:ro.label ?></label><?cs /each ?>
        <?cs call:field_error("roles_" + u.id) ?>
      </fieldset>
      <p class="actions"><button type="submit"><?cs var:L.users_save_roles ?></button></p>
    </form>
    <form method="post" action="/staff/admin/users/<?cs var:u.id ?>/password" class="user-password">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <label for="password-<?cs var:u.id ?>"><?cs var:L.users_new_password ?></label>
      <input id="password-<?cs var:u.id ?>" name="password" type="password" required minlength="8" autocomplete="new-password">
      <?cs call:field_error("password_" + u.id) ?>
      <p class="actions"><button type="submit"><?cs var:L.users_set_password ?></button></p>
    </form>
    <div class="user-security">
      <p><?cs var:L.users_otp ?>: <span class="otp-state"><?cs if:u.totp == "1" ?><?cs var:L.users_otp_on ?><?cs else ?><?cs var:L.users_otp_off ?><?cs /if ?></span></p>
      <?cs if:u.totp == "1" ?><form method="post" action="/staff/admin/users/<?cs var:u.id ?>/otp_reset" class="user-otp-reset inline">
        <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
        <button type="submit"><?cs var:L.users_otp_reset ?></button>
      </form><?cs /if ?>
      <form method="post" action="/staff/admin/users/<?cs var:u.id ?>/sessions" class="user-sessions inline">
        <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
        <button type="submit"><?cs var:L.users_end_sessions ?></button>
      </form>
      <?cs call:field_error("security_" + u.id) ?>
    </div>
    <form method="post" action="/staff/admin/users/<?cs var:u.id ?>/<?cs if:u.disabled == "1" ?>enable<?cs else ?>disable<?cs /if ?>" class="user-state">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <button type="submit"><?cs if:u.disabled == "1" ?><?cs var:L.users_enable ?><?cs else ?><?cs var:L.users_disable ?><?cs /if ?></button>
      <?cs call:field_error("disable_" + u.id) ?>
    </form>
  </li>
<?cs /each ?>
</ul>
<?cs include:"footer.cs" ?>

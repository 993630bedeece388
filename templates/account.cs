<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.account_title ?></h1>
<?cs if:Page.saved == "1" ?><p class="note" role="status" id="saved"><?cs var:L.account_saved ?></p><?cs /if ?>
<form method="post" action="/my/account" class="card narrow" id="account-form" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <p><?cs var:L.account_phone ?>: <strong class="phone"><?cs var:Page.account.phone ?></strong></p>
  <label for="email"><?cs var:L.account_email ?></label>
  <input id="email" name="email" type="email" autocomplete="email" maxlength="190" value="<?cs var:Page.account.email ?>">
  <?cs call:field_error("email") ?>
  <fieldset>
    <legend><?cs var:L.account_notify ?></legend>
    <label class="choice"><input type="checkbox" name="notify_email" value="1"<?cs if:Page.account.notify_email == "1" ?> checked<?cs /if ?>> <?cs var:L.account_notify_email ?></label>
    <?cs if:Page.channels.email != "1" ?><p class="muted"><small><?cs var:L.account_channel_off ?></small></p><?cs /if ?>
    <label class="choice"><input type="checkbox" name="notify_sms" value="1"<?cs if:Page.account.notify_sms == "1" ?> checked<?cs /if ?>> <?cs var:L.account_notify_sms ?></label>
    <?cs if:Page.channels.sms != "1" ?><p class="muted"><small><?cs var:L.account_channel_off ?></small></p><?cs /if ?>
  </fieldset>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.account_save ?></button></p>
</form>
<section class="card narrow" id="my-data">
  <h2><?cs var:L.export_title ?></h2>
  <p><?cs var:L.export_intro ?></p>
  <p><a href="/my/account/export" id="export-link" download><?cs var:L.export_link ?></a></p>
</section>
<form method="post" action="<?cs var:Page.erase_action ?>" class="card narrow" id="erase-form" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <h2><?cs var:L.erase_title ?></h2>
  <p><?cs var:L.erase_intro ?></p>
  <label for="erase-password"><?cs var:L.erase_password ?></label>
  <input id="erase-password" name="password" type="password" autocomplete="current-password" required>
  <?cs call:field_error("password") ?>
  <p class="actions"><button type="submit" class="danger"><?cs var:L.erase_button ?></button></p>
</form>
<?cs include:"footer.cs" ?>

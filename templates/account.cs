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
<?cs include:"footer.cs" ?>

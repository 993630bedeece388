<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.limits_title ?></h1>
<p class="note"><?cs var:L.limits_intro ?></p>
<?cs if:Page.saved == "1" ?><p class="note" id="saved" role="status"><?cs var:L.limits_saved ?></p><?cs /if ?>
<?cs def:number(field, label) ?>
  <label for="<?cs var:field ?>"><?cs var:label ?></label>
  <input id="<?cs var:field ?>" name="<?cs var:field ?>" type="number" inputmode="numeric" min="1" max="1000000" required value="<?cs var:Page.form[field] ?>">
  <?cs call:field_error(field) ?>
<?cs /def ?>
<form method="post" action="/staff/admin/limits" class="card" id="limits-form" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <fieldset>
    <legend><?cs var:L.limits_customers ?></legend>
    <?cs call:number("limit_window_seconds", L.limits_window) ?>
    <?cs call:number("limit_request_account", L.limits_request_account) ?>
    <?cs call:number("limit_request_address", L.limits_request_address) ?>
    <?cs call:number("limit_message_account", L.limits_message_account) ?>
    <?cs call:number("limit_message_address", L.limits_message_address) ?>
    <?cs call:number("limit_complaint_account", L.limits_complaint_account) ?>
    <?cs call:number("limit_complaint_address", L.limits_complaint_address) ?>
    <?cs call:number("limit_upload_account", L.limits_upload_account) ?>
    <?cs call:number("limit_upload_address", L.limits_upload_address) ?>
    <?cs call:number("limit_bulk_account", L.limits_bulk_account) ?>
    <?cs call:number("limit_bulk_address", L.limits_bulk_address) ?>
  </fieldset>
  <fieldset id="totp-roles">
    <legend><?cs var:L.limits_totp_roles ?></legend>
    <p class="muted"><small><?cs var:L.limits_totp_hint ?></small></p>
    <?cs each:ro = Page.roles ?><label class="choice"><input type="checkbox" name="totp_roles" value="<?cs var:ro.name ?>"<?cs if:ro.on == "1" ?> checked<?cs /if ?>> <?cs var:ro.label ?></label><?cs /each ?>
    <?cs call:field_error("totp_roles") ?>
  </fieldset>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.limits_save ?></button></p>
</form>
<?cs include:"footer.cs" ?>

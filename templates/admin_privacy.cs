<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.privacy_title ?></h1>
<?cs if:Page.saved == "1" ?><p class="note" id="saved" role="status"><?cs var:L.policies_saved ?></p><?cs /if ?>
<?cs if:Page.erased.state == "done" ?><p class="note" id="erased" role="status"><?cs var:L.privacy_erased ?> <time><?cs var:Page.erased.at ?></time>; <?cs var:L.erase_done_kept ?> <time><?cs var:Page.erased.refunds_until ?></time>.</p>
<?cs elif:Page.erased.state == "already" ?><p class="note" id="erased-already" role="status"><?cs var:L.privacy_erased_already ?> <time><?cs var:Page.erased.at ?></time>.</p><?cs /if ?>
<form method="post" action="/staff/admin/privacy/erase" class="card narrow" id="erase-form" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <h2><?cs var:L.privacy_erase_title ?></h2>
  <p><?cs var:L.privacy_erase_intro ?></p>
  <label for="customer"><?cs var:L.privacy_customer ?></label>
  <input id="customer" name="customer" type="text" maxlength="190" required value="<?cs var:Page.form.customer ?>">
  <?cs call:field_error("customer") ?>
  <label for="reference"><?cs var:L.privacy_reference ?></label>
  <input id="reference" name="reference" type="text" maxlength="200" required value="<?cs var:Page.form.reference ?>">
  <?cs call:field_error("reference") ?>
  <label class="choice"><input type="checkbox" name="confirm" value="1" id="confirm"> <?cs var:L.privacy_confirm ?></label>
  <?cs call:field_error("confirm") ?>
  <p class="actions"><button type="submit" class="danger"><?cs var:L.erase_button ?></button></p>
</form>
<?cs def:days(field, label) ?>
  <label for="<?cs var:field ?>"><?cs var:label ?></label>
  <input id="<?cs var:field ?>" name="<?cs var:field ?>" type="number" inputmode="numeric" min="0" max="36500" required value="<?cs var:Page.form[field] ?>">
  <?cs call:field_error(field) ?>
<?cs /def ?>
<form method="post" action="/staff/admin/privacy/retention" class="card narrow" id="retention-form" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <h2><?cs var:L.retention_title ?></h2>
  <p><?cs var:L.retention_intro ?></p>
  <?cs call:days("photo_days", L.retention_photo_days) ?>
  <?cs call:days("message_days", L.retention_message_days) ?>
  <?cs call:days("personal_days", L.retention_personal_days) ?>
  <?cs call:days("refund_days", L.retention_refund_days) ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.account_save ?></button></p>
</form>
<?cs include:"footer.cs" ?>

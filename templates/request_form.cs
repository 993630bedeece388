<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.request_form_title ?></h1>
<?cs if:?Page.resubmit ?><p class="note"><?cs var:L.resubmit_note ?> <?cs var:Page.resubmit ?></p><?cs /if ?>
<form method="post" action="<?cs var:Page.form_action ?>" enctype="multipart/form-data" class="card" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <input type="hidden" name="nonce" value="<?cs var:Page.nonce ?>">
  <input type="hidden" name="order_no" value="<?cs var:Page.order.order_no ?>">
  <p><?cs var:L.form_order ?> <strong><?cs var:Page.order.order_no ?></strong></p>
  <?cs if:User.kind == "staff" ?>
  <input type="hidden" name="customer" value="<?cs var:Page.form.customer ?>">
  <p><?cs var:L.register_for ?> <strong id="for-customer"><?cs var:Page.form.customer ?></strong></p>
  <label for="channel"><?cs var:L.form_channel ?></label>
  <select id="channel" name="channel" required>
    <option value=""><?cs var:L.form_choose ?></option>
    <?cs each:ch = Page.channels ?><option value="<?cs var:ch.name ?>"<?cs if:Page.form.channel == ch.name ?> selected<?cs /if ?>><?cs var:ch.label ?></option><?cs /each ?>
  </select>
  <?cs call:field_error("channel") ?>
  <?cs /if ?>

  <fieldset>
    <legend><?cs var:L.form_type ?></legend>
    <?cs each:t = Page.types ?>
    <label class="choice"><input type="radio" name="type" value="<?cs var:t.name ?>"<?cs if:Page.form.type == t.name ?> checked<?cs /if ?>> <?cs var:t.label ?></label>
    <?cs /each ?>
    <?cs call:field_error("type") ?>
  </fieldset>

  <fieldset>
    <legend><?cs var:L.form_items ?></legend>
    <?cs each:it = Page.order.items ?>
    <div class="qty-row" id="item-<?cs var:it.id ?>">
      <label for="qty_<?cs var:it.id ?>"><?cs var:it.name ?> <span class="muted">(<?cs var:L.form_available ?> <?cs var:it.available ?>)</span></label>
      <input id="qty_<?cs var:it.id ?>" name="qty_<?cs var:it.id ?>" type="number" min="0" max="<?cs var:it.qty ?>" inputmode="numeric" value="<?cs if:?it.chosen ?><?cs var:it.chosen ?><?cs else ?>0<?cs /if ?>">
      <ul class="elig compact">
      <?cs each:t = it.types ?><li class="<?cs if:t.ok == "1" ?>ok<?cs else ?>no<?cs /if ?>" data-type="<?cs var:t.type ?>" data-ok="<?cs var:t.ok ?>"><?cs var:L["type_" + t.type] ?>: <?cs if:t.ok == "1" ?>✓ <?cs var:t.until ?><?cs else ?><?cs var:L[t.why] ?><?cs /if ?></li><?cs /each ?>
      </ul>
    </div>
    <?cs /each ?>
    <?cs call:field_error("items") ?>
  </fieldset>

  <label for="reason"><?cs var:L.form_reason ?></label>
  <select id="reason" name="reason" required>
    <option value=""><?cs var:L.form_choose ?></option>
    <?cs each:rs = Page.reasons ?>
    <option value="<?cs var:rs.name ?>"<?cs if:Page.form.reason == rs.name ?> selected<?cs /if ?>><?cs var:rs.label ?></option>
    <?cs /each ?>
  </select>
  <?cs call:field_error("reason") ?>
  <p class="note"><?cs var:L.form_no_reason_note ?></p>

  <label for="description"><?cs var:L.form_description ?></label>
  <textarea id="description" name="description" rows="4" maxlength="2000" aria-describedby="description-hint"><?cs var:Page.form.description ?></textarea>
  <small id="description-hint" class="muted"><?cs var:L.form_description_hint ?></small>
  <?cs call:field_error("description") ?>

  <label for="amount"><?cs var:L.form_amount ?></label>
  <input id="amount" name="amount" type="text" inputmode="decimal" value="<?cs var:Page.form.amount ?>" aria-describedby="amount-hint">
  <small id="amount-hint" class="muted"><?cs var:L.form_amount_hint ?></small>
  <?cs call:field_error("amount") ?>

  <fieldset>
    <legend><?cs var:L.form_repair_mode ?></legend>
    <label class="choice"><input type="radio" name="repair_mode" value="mail_in"<?cs if:Page.form.repair_mode != "on_site" ?> checked<?cs /if ?>> <?cs var:L.repair_mail_in ?></label>
    <label class="choice"><input type="radio" name="repair_mode" value="on_site"<?cs if:Page.form.repair_mode == "on_site" ?> checked<?cs /if ?>> <?cs var:L.repair_on_site ?></label>
    <?cs call:field_error("repair_mode") ?>
  </fieldset>

  <label for="photo"><?cs var:L.form_photos ?></label>
  <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="photo-hint">
  <small id="photo-hint" class="muted"><?cs var:L.form_photos_hint ?></small>
  <?cs call:field_error("photo") ?>

  <p class="actions"><button type="submit" class="primary"><?cs var:L.form_submit ?></button>
  <a href="<?cs if:User.kind == "staff" ?>/staff/queue<?cs else ?>/my/orders<?cs /if ?>"><?cs var:L.form_cancel_link ?></a></p>
</form>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<?cs # The request form. Page.step 1 (no JavaScript): the type and the items,
     then "next"; step 2: the rest, only the fields of that type.
     static/request_form.js shows both steps at once and adapts the fields
     to the type chosen; blocks carry data-types. ?>
<h1><?cs var:L.request_form_title ?></h1>
<?cs if:?Page.resubmit ?><p class="note"><?cs var:L.resubmit_note ?> <?cs var:Page.resubmit ?></p><?cs /if ?>
<?cs if:?Page.has_errors ?>
<div class="error-summary" id="error-summary" role="alert" tabindex="-1">
  <h2><?cs var:L.form_error_summary ?></h2>
  <ul><?cs each:e = Page.errors ?><li><a href="#<?cs name:e ?>"><?cs var:e ?></a></li><?cs /each ?></ul>
</div>
<?cs /if ?>
<form method="post" action="<?cs var:Page.form_action ?>" enctype="multipart/form-data" class="card" id="request-form" data-step="<?cs var:Page.step ?>" novalidate>
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

  <p class="muted" id="step-label"><?cs if:Page.step == "1" ?><?cs var:L.form_step1 ?><?cs else ?><?cs var:L.form_step2 ?><?cs /if ?></p>
  <fieldset id="type" tabindex="-1">
    <legend><?cs var:L.form_type ?></legend>
    <?cs each:t = Page.types ?>
    <label class="choice"><input type="radio" name="type" value="<?cs var:t.name ?>"<?cs if:Page.form.type == t.name ?> checked<?cs /if ?>> <?cs var:t.label ?></label>
    <?cs /each ?>
    <?cs call:field_error("type") ?>
  </fieldset>

  <fieldset id="items" tabindex="-1">
    <legend><?cs var:L.form_items ?></legend>
    <?cs each:it = Page.order.items ?>
    <div class="qty-row" id="item-<?cs var:it.id ?>">
      <label for="qty_<?cs var:it.id ?>"><?cs var:it.name ?> <span class="muted">(<?cs var:L.form_available ?> <?cs var:it.available ?>)</span></label>
      <input id="qty_<?cs var:it.id ?>" name="qty_<?cs var:it.id ?>" type="number" min="0" max="<?cs var:it.qty ?>" inputmode="numeric" value="<?cs if:?it.chosen ?><?cs var:it.chosen ?><?cs else ?>0<?cs /if ?>"<?cs if:?Page.errors["qty_" + it.id] ?> aria-invalid="true" aria-describedby="err-qty_<?cs var:it.id ?>"<?cs /if ?>>
      <?cs call:field_error("qty_" + it.id) ?>
      <?cs if:subcount(it.open) > 0 ?><p class="muted open-case"><?cs var:L.form_in_open_case ?> <?cs each:oc = it.open ?><a href="/my/requests/<?cs var:url_escape(oc) ?>"><?cs var:oc ?></a> <?cs /each ?></p><?cs /if ?>
      <ul class="elig compact">
      <?cs each:t = it.types ?><li class="<?cs if:t.ok == "1" ?>ok<?cs else ?>no<?cs /if ?>" data-type="<?cs var:t.type ?>" data-ok="<?cs var:t.ok ?>"><?cs var:L["type_" + t.type] ?>: <?cs if:t.ok == "1" ?>✓ <?cs var:t.until ?><?cs else ?><?cs var:L[t.why] ?><?cs /if ?></li><?cs /each ?>
      </ul>
    </div>
    <?cs /each ?>
    <?cs call:field_error("items") ?>
  </fieldset>

  <?cs if:Page.step == "1" ?>
  <p class="actions" id="next-step"><button type="submit" class="primary" name="step" value="choose"><?cs var:L.form_next ?></button>
  <a href="<?cs if:User.kind == "staff" ?>/staff/queue<?cs else ?>/my/orders<?cs /if ?>"><?cs var:L.form_cancel_link ?></a></p>
  <?cs /if ?>

  <div id="rest"<?cs if:Page.step == "1" ?> hidden<?cs /if ?>>
  <label for="reason"><?cs var:L.form_reason ?></label>
  <select id="reason" name="reason" required>
    <option value=""><?cs var:L.form_choose ?></option>
    <?cs each:rs = Page.reasons ?>
    <option value="<?cs var:rs.name ?>"<?cs if:Page.form.reason == rs.name ?> selected<?cs /if ?>><?cs var:rs.label ?></option>
    <?cs /each ?>
  </select>
  <?cs call:field_error("reason") ?>
  <p class="note" data-types="return_refund"<?cs if:Page.form.type != "return_refund" ?> hidden<?cs /if ?>><?cs var:L.form_no_reason_note ?></p>

  <div class="for-type" id="f-variant" data-types="exchange"<?cs if:Page.form.type != "exchange" ?> hidden<?cs /if ?>>
  <label for="variant"><?cs var:L.form_variant ?></label>
  <input id="variant" name="variant" type="text" maxlength="100" value="<?cs var:Page.form.variant ?>" aria-describedby="variant-hint">
  <small id="variant-hint" class="muted"><?cs var:L.form_variant_hint ?></small>
  <?cs call:field_error("variant") ?>
  </div>

  <div class="for-type" id="f-amount" data-types="refund_only"<?cs if:Page.form.type != "refund_only" ?> hidden<?cs /if ?>>
  <label for="amount"><?cs var:L.form_amount ?></label>
  <input id="amount" name="amount" type="text" inputmode="decimal" value="<?cs var:Page.form.amount ?>" aria-describedby="amount-hint">
  <small id="amount-hint" class="muted"><?cs var:L.form_amount_hint ?></small>
  <?cs call:field_error("amount") ?>
  </div>

  <div class="for-type" id="f-repair" data-types="repair"<?cs if:Page.form.type != "repair" ?> hidden<?cs /if ?>>
  <fieldset id="repair_mode" tabindex="-1">
    <legend><?cs var:L.form_repair_mode ?></legend>
    <label class="choice"><input type="radio" name="repair_mode" value="mail_in"<?cs if:Page.form.repair_mode != "on_site" ?> checked<?cs /if ?>> <?cs var:L.repair_mail_in ?></label>
    <label class="choice"><input type="radio" name="repair_mode" value="on_site"<?cs if:Page.form.repair_mode == "on_site" ?> checked<?cs /if ?>> <?cs var:L.repair_on_site ?></label>
    <?cs call:field_error("repair_mode") ?>
  </fieldset>
  <div id="f-visit" data-onsite="1">
  <p class="muted" id="visit-note"><?cs var:L.form_visit_note ?></p>
  <label for="address"><?cs var:L.form_visit_address ?></label>
  <input id="address" name="address" type="text" maxlength="200" autocomplete="street-address" value="<?cs var:Page.form.address ?>">
  <?cs call:field_error("address") ?>
  <label for="slot"><?cs var:L.form_visit_slot ?></label>
  <select id="slot" name="slot">
    <option value=""><?cs var:L.form_choose ?></option>
    <?cs each:sl = Page.slots ?><option value="<?cs var:sl ?>"<?cs if:Page.form.slot == sl ?> selected<?cs /if ?>><?cs var:sl ?></option><?cs /each ?>
  </select>
  <?cs call:field_error("slot") ?>
  </div>
  </div>

  <label for="description"><?cs var:L.form_description ?></label>
  <textarea id="description" name="description" rows="4" maxlength="2000" aria-describedby="description-hint"><?cs var:Page.form.description ?></textarea>
  <small id="description-hint" class="muted"><?cs var:L.form_description_hint ?></small>
  <?cs call:field_error("description") ?>

  <?cs if:subcount(Page.kept_photos) > 0 ?>
  <fieldset id="kept-photos">
    <legend><?cs var:L.form_kept_photos ?></legend>
    <?cs each:p = Page.kept_photos ?><div class="kept-photo"><a href="/attachments/<?cs var:p.id ?>"><?cs var:p.filename ?></a>
    <label class="choice"><input type="checkbox" name="remove_photo" value="<?cs var:p.id ?>"> <?cs var:L.form_remove_photo ?></label></div><?cs /each ?>
  </fieldset>
  <?cs /if ?>
  <label for="photo"><?cs var:L.form_photos ?></label>
  <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="photo-hint<?cs if:?Page.errors.photo ?> err-photo<?cs /if ?>">
  <small id="photo-hint" class="muted"><?cs var:L.form_photos_hint ?></small>
  <p class="muted" id="photo-status" role="status" aria-live="polite" data-busy="<?cs var:L.photo_shrinking ?>" data-done="<?cs var:L.photo_shrunk ?>"></p>
  <?cs call:field_error("photo") ?>

  <p class="actions"><button type="submit" class="primary" id="submit-request"><?cs var:L.form_submit ?></button>
  <a href="<?cs if:User.kind == "staff" ?>/staff/queue<?cs else ?>/my/orders<?cs /if ?>"><?cs var:L.form_cancel_link ?></a></p>
  </div>
</form>
<script src="/static/<?cs var:Static.form_js ?>" defer></script>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.policies_title ?></h1>
<p class="note"><?cs var:L.policies_intro ?></p>
<?cs if:Page.saved == "1" ?><p class="note" id="saved" role="status"><?cs var:L.policies_saved ?></p><?cs /if ?>
<?cs def:number(field, label, min, max) ?>
  <label for="<?cs var:field ?>"><?cs var:label ?></label>
  <input id="<?cs var:field ?>" name="<?cs var:field ?>" type="number" inputmode="numeric" min="<?cs var:min ?>" max="<?cs var:max ?>" required value="<?cs var:Page.form[field] ?>">
  <?cs call:field_error(field) ?>
<?cs /def ?>
<form method="post" action="/staff/admin/policies" class="card" id="policies-form" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <fieldset>
    <legend><?cs var:L.policies_windows ?></legend>
    <?cs call:number("no_reason_days", L.policies_no_reason_days, 0, 365) ?>
    <?cs call:number("quality_return_days", L.policies_quality_return_days, 0, 365) ?>
    <?cs call:number("quality_exchange_days", L.policies_quality_exchange_days, 0, 365) ?>
    <?cs call:number("quality_repair_days", L.policies_quality_repair_days, 0, 365) ?>
    <?cs call:number("refund_only_days", L.policies_refund_only_days, 0, 365) ?>
  </fieldset>
  <fieldset>
    <legend><?cs var:L.policies_categories ?></legend>
    <div class="scroll" tabindex="0" role="region" aria-label="<?cs var:L.policies_categories ?>">
    <table class="list" id="categories">
      <thead><tr><th scope="col"><?cs var:L.item_category ?></th><th scope="col"><?cs var:L.policies_no_reason_ok ?></th><th scope="col"><?cs var:L.policies_returnable ?></th><th scope="col"><?cs var:L.policies_warranty_days ?></th></tr></thead>
      <tbody>
      <?cs each:c = Page.cats ?>
      <tr data-category="<?cs var:c.code ?>">
        <th scope="row"><?cs var:c.label ?></th>
        <td><input type="checkbox" name="no_reason_ok_<?cs var:c.code ?>" value="1" aria-label="<?cs var:c.label ?>: <?cs var:L.policies_no_reason_ok ?>"<?cs if:Page.form["no_reason_ok_" + c.code] == "1" ?> checked<?cs /if ?>></td>
        <td><input type="checkbox" name="returnable_<?cs var:c.code ?>" value="1" aria-label="<?cs var:c.label ?>: <?cs var:L.policies_returnable ?>"<?cs if:Page.form["returnable_" + c.code] == "1" ?> checked<?cs /if ?>></td>
        <td><input type="number" inputmode="numeric" min="0" max="3650" name="warranty_days_<?cs var:c.code ?>" aria-label="<?cs var:c.label ?>: <?cs var:L.policies_warranty_days ?>" value="<?cs var:Page.form["warranty_days_" + c.code] ?>">
          <?cs call:field_error("warranty_days_" + c.code) ?></td>
      </tr>
      <?cs /each ?>
      </tbody>
    </table>
    </div>
  </fieldset>
  <fieldset>
    <legend><?cs var:L.policies_refunds ?></legend>
    <label for="refund_approval"><?cs var:L.policies_refund_approval ?></label>
    <input id="refund_approval" name="refund_approval" type="text" inputmode="decimal" required value="<?cs var:Page.form.refund_approval ?>">
    <?cs call:field_error("refund_approval") ?>
    <label for="compensation_approval"><?cs var:L.policies_compensation_approval ?></label>
    <input id="compensation_approval" name="compensation_approval" type="text" inputmode="decimal" required value="<?cs var:Page.form.compensation_approval ?>">
    <?cs call:field_error("compensation_approval") ?>
    <label for="tech_hour"><?cs var:L.policies_tech_hour ?></label>
    <input id="tech_hour" name="tech_hour" type="text" inputmode="decimal" required value="<?cs var:Page.form.tech_hour ?>">
    <?cs call:field_error("tech_hour") ?>
  </fieldset>
  <fieldset>
    <legend><?cs var:L.policies_on_site ?></legend>
    <?cs call:number("arrival_same_city_hours", L.policies_same_city_hours, 1, 720) ?>
    <?cs call:number("arrival_other_city_hours", L.policies_other_city_hours, 1, 720) ?>
    <label for="service_cities"><?cs var:L.policies_service_cities ?></label>
    <input id="service_cities" name="service_cities" type="text" maxlength="255" value="<?cs var:Page.form.service_cities ?>">
    <?cs call:field_error("service_cities") ?>
  </fieldset>
  <fieldset id="time-limits">
    <legend><?cs var:L.limits_legend ?></legend>
    <p class="muted"><?cs var:L.limits_hint ?></p>
    <label for="sla_response_policy"><?cs var:L.limits_response_policy ?></label>
    <select id="sla_response_policy" name="sla_response_policy">
      <option value="working"<?cs if:Page.form.sla_response_policy == "working" ?> selected<?cs /if ?>><?cs var:L.limits_policy_working ?></option>
      <option value="clock"<?cs if:Page.form.sla_response_policy == "clock" ?> selected<?cs /if ?>><?cs var:L.limits_policy_clock ?></option>
    </select>
    <?cs call:field_error("sla_response_policy") ?>
    <?cs call:number("sla_first_response_hours", L.limits_first_response_hours, 1, 720) ?>
    <?cs call:number("sla_ordinary_hours", L.limits_ordinary_hours, 1, 720) ?>
    <?cs call:number("sla_complex_hours", L.limits_complex_hours, 1, 720) ?>
    <?cs call:number("sla_review_days", L.limits_review_days, 1, 60) ?>
    <?cs call:number("sla_payout_days", L.limits_payout_days, 1, 60) ?>
    <?cs call:number("sla_handling_hours", L.limits_handling_hours, 1, 720) ?>
    <?cs call:number("sla_followup_hours", L.limits_followup_hours, 1, 720) ?>
    <?cs call:number("sla_complaint_days", L.limits_complaint_days, 1, 60) ?>
    <?cs call:number("sla_credit_days", L.limits_credit_days, 1, 60) ?>
  </fieldset>
  <fieldset id="returns-policy">
    <legend><?cs var:L.policies_returns ?></legend>
    <label for="return_address"><?cs var:L.policies_return_address ?></label>
    <input id="return_address" name="return_address" type="text" maxlength="255" required value="<?cs var:Page.form.return_address ?>">
    <?cs call:field_error("return_address") ?>
    <?cs call:number("ship_by_days", L.policies_ship_by_days, 1, 60) ?>
    <?cs call:number("ship_by_grace_days", L.policies_ship_by_grace_days, 0, 60) ?>
    <?cs def:payer(field, label) ?>
    <label for="<?cs var:field ?>"><?cs var:label ?></label>
    <select id="<?cs var:field ?>" name="<?cs var:field ?>">
      <option value="shop"<?cs if:Page.form[field] == "shop" ?> selected<?cs /if ?>><?cs var:L.postage_shop ?></option>
      <option value="customer"<?cs if:Page.form[field] == "customer" ?> selected<?cs /if ?>><?cs var:L.postage_customer ?></option>
    </select>
    <?cs call:field_error(field) ?>
    <?cs /def ?>
    <?cs call:payer("postage_quality", L.policies_postage_quality) ?>
    <?cs call:payer("postage_no_reason", L.policies_postage_no_reason) ?>
    <p class="muted"><?cs var:L.policies_category_address_hint ?></p>
    <?cs each:c = Page.cats ?>
    <label for="return_address_<?cs var:c.code ?>"><?cs var:c.label ?>: <?cs var:L.policies_return_address ?></label>
    <input id="return_address_<?cs var:c.code ?>" name="return_address_<?cs var:c.code ?>" type="text" maxlength="255" value="<?cs var:Page.form["return_address_" + c.code] ?>">
    <?cs call:field_error("return_address_" + c.code) ?>
    <?cs /each ?>
  </fieldset>
  <fieldset id="targets-policy">
    <legend><?cs var:L.policies_targets ?></legend>
    <p class="muted"><?cs var:L.policies_targets_hint ?></p>
    <?cs call:number("target_solved_24h_pct", L.policies_target_solved_24h_pct, 0, 100) ?>
    <?cs call:number("target_first_response_pct", L.policies_target_first_response_pct, 0, 100) ?>
    <?cs call:number("target_csat_pct", L.policies_target_csat_pct, 0, 100) ?>
    <?cs call:number("target_complaint_rate", L.policies_target_complaint_rate, 0, 1000) ?>
  </fieldset>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.policies_save ?></button></p>
</form>
<?cs # The shop's own look (page_brand.c): a form of its own, as it sends a file. ?>
<form method="post" action="/staff/admin/brand" enctype="multipart/form-data" class="card" id="brand" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <h2><?cs var:L.brand_title ?></h2>
  <p class="muted"><?cs var:L.brand_intro ?></p>
  <label for="shop_name"><?cs var:L.brand_name ?></label>
  <input id="shop_name" name="shop_name" type="text" maxlength="60" value="<?cs if:Page.bform.sent == "1" ?><?cs var:Page.bform.shop_name ?><?cs else ?><?cs var:Brand.name ?><?cs /if ?>">
  <?cs call:field_error("shop_name") ?>
  <label for="accent"><?cs var:L.brand_accent ?></label>
  <input id="accent" name="accent" type="text" maxlength="7" placeholder="#0b6bcb" autocomplete="off" aria-describedby="accent-hint" value="<?cs if:Page.bform.sent == "1" ?><?cs var:Page.bform.accent ?><?cs else ?><?cs var:Page.brand_accent ?><?cs /if ?>">
  <p class="muted" id="accent-hint"><small><?cs var:L.brand_accent_hint ?></small></p>
  <?cs call:field_error("accent") ?>
  <label for="logo"><?cs var:L.brand_logo ?></label>
  <?cs if:Brand.logo == "1" ?><p><img class="logo" id="brand-logo-now" src="/brand/logo?v=<?cs var:Brand.gen ?>" alt="<?cs var:L.brand_logo_now ?>" height="32"></p><?cs /if ?>
  <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby="logo-hint">
  <p class="muted" id="logo-hint"><small><?cs var:L.brand_logo_hint ?></small></p>
  <?cs call:field_error("logo") ?>
  <?cs if:Brand.logo == "1" ?><label class="choice"><input type="checkbox" name="logo_remove" value="1"> <?cs var:L.brand_logo_remove ?></label><?cs /if ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.brand_save ?></button></p>
</form>
<?cs include:"footer.cs" ?>

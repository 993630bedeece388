<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.register_case_title ?></h1>
<form method="get" action="/staff/cases/new" class="card" novalidate>
  <p class="note"><?cs var:L.register_case_intro ?></p>
  <label for="customer"><?cs var:L.register_customer ?></label>
  <input id="customer" name="customer" type="text" required maxlength="190" autocomplete="off" value="<?cs var:Page.form.customer ?>">
  <?cs call:field_error("customer") ?>
  <label for="order_no"><?cs var:L.register_order ?></label>
  <input id="order_no" name="order_no" type="text" required maxlength="40" autocomplete="off" value="<?cs var:Page.form.order_no ?>">
  <?cs call:field_error("order_no") ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.register_next ?></button>
  <a href="/staff/queue"><?cs var:L.form_cancel_link ?></a></p>
</form>
<?cs include:"footer.cs" ?>

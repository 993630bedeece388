<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.register_case_title ?></h1>
<form method="get" action="/staff/cases/new" class="card" novalidate>
  <p class="note"><?cs var:L.register_case_intro ?></p>
  <label for="customer"><?cs var:L.register_customer ?></label>
  <input id="customer" name="customer" type="text" required maxlength="190" autocomplete="off" value="<?cs var:Page.form.customer ?>">
  <?cs call:field_error("customer") ?>
  <label for="order_no"><?cs var:L.register_order ?></label>
  <input id="order_no" name="order_no" type="text" maxlength="40" aria-describedby="order-hint" autocomplete="off" value="<?cs var:Page.form.order_no ?>">
  <p class="note" id="order-hint"><?cs var:L.register_order_hint ?></p>
  <?cs call:field_error("order_no") ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.register_next ?></button>
  <a href="/staff/queue"><?cs var:L.form_cancel_link ?></a></p>
</form>
<?cs if:?Page.listed ?><section class="card" aria-labelledby="orders-h">
  <h2 id="orders-h"><?cs var:L.register_orders ?></h2>
  <?cs if:?Page.orders.0.no ?><ul>
  <?cs each:o = Page.orders ?><li><a href="/staff/cases/new?customer=<?cs var:url_escape(Page.customer_q) ?>&amp;order_no=<?cs var:url_escape(o.no) ?>"><?cs var:o.no ?></a>
    · <?cs var:o.placed ?> · <?cs if:o.delivered == "1" ?><?cs var:L.register_delivered ?><?cs else ?><?cs var:L.register_not_delivered ?><?cs /if ?><br>
    <span class="note"><?cs each:it = o.items ?><?cs var:it ?><?cs if:!last(it) ?>、<?cs /if ?><?cs /each ?></span></li>
  <?cs /each ?></ul>
  <?cs call:pager("/staff/cases/new") ?>
  <?cs else ?><p class="empty"><?cs var:L.register_no_orders ?></p><?cs /if ?>
</section><?cs /if ?>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.orders_title ?></h1>
<?cs if:subcount(Page.orders) == 0 ?>
<p class="empty"><?cs var:L.orders_empty ?></p>
<?cs /if ?>
<?cs each:o = Page.orders ?>
<section class="card order" id="order-<?cs var:o.order_no ?>">
  <h2><?cs var:L.form_order ?> <?cs var:o.order_no ?></h2>
  <p class="meta"><?cs var:L.order_placed ?> <?cs var:o.placed_at ?> ·
  <?cs if:?o.delivered_at ?><?cs var:L.order_delivered ?> <?cs var:o.delivered_at ?><?cs else ?><span class="badge wait"><?cs var:L.order_not_delivered ?></span><?cs /if ?></p>
  <ul class="items">
  <?cs each:it = o.items ?>
    <li class="item" id="item-<?cs var:it.id ?>">
      <div class="item-head"><strong><?cs var:it.name ?></strong>
        <span class="muted"><?cs var:it.category ?> · <?cs var:L.item_qty ?> <?cs var:it.qty ?> · <?cs var:L.item_paid ?> ¥<?cs var:it.paid ?></span></div>
      <ul class="elig">
      <?cs each:t = it.types ?>
        <li class="<?cs if:t.ok == "1" ?>ok<?cs else ?>no<?cs /if ?>" data-type="<?cs var:t.type ?>" data-ok="<?cs var:t.ok ?>">
          <span class="elig-type"><?cs var:L["type_" + t.type] ?></span>
          <?cs if:t.ok == "1" ?><span class="elig-why">✓ <?cs if:?t.until ?><?cs var:L.until ?> <?cs var:t.until ?><?cs else ?><?cs var:L.elig_not_received ?><?cs /if ?><?cs if:t.type == "return_refund" ?><?cs if:t.no_reason == "1" ?> · <?cs var:L.no_reason_ok ?><?cs else ?> · <?cs var:L.quality_only ?><?cs /if ?><?cs /if ?></span>
          <?cs else ?><span class="elig-why">✗ <?cs var:L[t.why] ?><?cs if:?t.until ?> (<?cs var:t.until ?>)<?cs /if ?></span><?cs /if ?>
        </li>
      <?cs /each ?>
      </ul>
    </li>
  <?cs /each ?>
  </ul>
  <?cs if:o.can_request == "1" ?>
  <p><a class="button primary" href="/my/orders/<?cs var:url_escape(o.order_no) ?>/new"><?cs var:L.request_button ?></a></p>
  <?cs else ?>
  <p class="muted"><?cs var:L.nothing_possible ?></p>
  <?cs /if ?>
</section>
<?cs /each ?>
<?cs call:pager("/my/orders") ?>
<?cs include:"footer.cs" ?>

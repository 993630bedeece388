<?cs # the facts, items, description and photos of Page.case: both sides ?>
  <dl class="facts">
    <dt><?cs var:L.case_type ?></dt><dd><?cs var:Page.case.type ?></dd>
    <dt><?cs var:L.form_order ?></dt><dd><?cs var:Page.case.order_no ?></dd>
    <dt><?cs var:L.case_reason ?></dt><dd><?cs var:Page.case.reason ?></dd>
    <dt><?cs var:L.case_channel ?></dt><dd><?cs var:Page.case.channel ?></dd>
    <dt><?cs var:L.case_created ?></dt><dd><?cs var:Page.case.created_at ?></dd>
    <?cs if:?Page.case.amount ?><dt><?cs var:L.case_amount ?></dt><dd>¥<?cs var:Page.case.amount ?></dd><?cs /if ?>
    <?cs if:?Page.case.repair_mode ?><dt><?cs var:L.case_repair_mode ?></dt><dd id="repair-mode"><?cs var:Page.case.repair_mode ?></dd><?cs /if ?>
    <?cs if:?Page.case.variant ?><dt><?cs var:L.case_variant ?></dt><dd id="case-variant"><?cs var:Page.case.variant ?></dd><?cs /if ?>
    <?cs if:?Page.case.visit_address ?><dt><?cs var:L.case_visit_address ?></dt><dd id="case-visit-address"><?cs var:Page.case.visit_address ?></dd><?cs /if ?>
    <?cs if:?Page.case.visit_slot ?><dt><?cs var:L.case_visit_slot ?></dt><dd id="case-visit-slot"><?cs var:Page.case.visit_slot ?></dd><?cs /if ?>
    <?cs if:?Page.case.fast_refund ?><dt><?cs var:L.case_fast_refund ?></dt><dd id="fast-refund"><?cs var:L.case_fast_refund_note ?></dd><?cs /if ?>
    <?cs if:?Page.case.assignee && User.kind == "staff" ?><dt><?cs var:L.case_assignee ?></dt><dd id="assignee"><?cs var:Page.case.assignee ?></dd><?cs /if ?>
  </dl>
  <h2><?cs var:L.case_items ?></h2>
  <ul class="case-items">
  <?cs each:it = Page.case.items ?><li><?cs var:it.name ?><?cs if:User.kind == "staff" ?> <span class="muted">(<?cs var:it.sku ?>)</span><?cs /if ?> × <?cs var:it.qty ?></li><?cs /each ?>
  </ul>
  <?cs if:Page.case.description != "" ?>
  <h2><?cs var:L.case_description ?></h2>
  <p class="description"><?cs var:Page.case.description ?></p>
  <?cs /if ?>
  <?cs if:subcount(Page.case.photos) > 0 ?>
  <h2><?cs var:L.case_photos ?></h2>
  <ul class="photos">
  <?cs each:p = Page.case.photos ?><li><a href="/attachments/<?cs var:p.id ?>"><img src="/attachments/<?cs var:p.id ?>" alt="<?cs var:p.filename ?>" loading="lazy"></a></li><?cs /each ?>
  </ul>
  <?cs /if ?>
</section>

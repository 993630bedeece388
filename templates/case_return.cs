<?cs # how the goods of Page.case come back (Page.ret, fill_return): both sides ?>
<?cs if:?Page.ret.address ?>
<section class="card" id="return" data-payer="<?cs var:Page.ret.payer ?>">
  <h2><?cs var:L.return_title ?></h2>
  <?cs if:Page.case.state == "awaiting_return" && !?Page.ret.pickup.day ?><p class="note"><?cs var:L.return_next ?></p><?cs /if ?>
  <dl class="facts">
    <dt><?cs var:L.return_address ?></dt><dd id="return-address"><?cs var:Page.ret.address ?></dd>
    <dt><?cs var:L.return_postage ?></dt><dd id="return-postage"><?cs var:Page.ret.payer_label ?></dd>
    <?cs if:?Page.ret.ship_by ?><dt><?cs var:L.return_ship_by ?></dt><dd id="ship-by" data-late="<?cs var:Page.ret.late ?>"><?cs var:Page.ret.ship_by ?><?cs if:Page.ret.late == "1" && Page.case.state == "awaiting_return" ?> <strong class="late-note"><?cs var:L.return_late ?></strong><?cs /if ?></dd><?cs /if ?>
    <?cs if:?Page.ret.tracking_no ?><dt><?cs var:L.return_sent_with ?></dt><dd id="return-tracking"><?cs var:Page.ret.carrier ?> <span data-tracking="<?cs var:Page.ret.tracking_no ?>"><?cs var:Page.ret.tracking_no ?></span></dd><?cs /if ?>
    <?cs if:?Page.ret.pickup.day ?><dt><?cs var:L.pickup_booking ?></dt><dd id="pickup-booking" data-state="<?cs var:Page.ret.pickup.state ?>"><?cs var:Page.ret.pickup.day ?> <?cs var:Page.ret.pickup.window ?> · <?cs var:Page.ret.pickup.address ?> <span class="badge"><?cs var:Page.ret.pickup.state_label ?></span></dd><?cs /if ?>
  </dl>
  <?cs if:User.kind == "customer" ?><p><a class="button" id="slip-link" href="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>/slip"><?cs var:L.slip_link ?></a></p><?cs /if ?>
</section>
<?cs /if ?>

<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<article class="slip" id="slip">
  <header class="slip-head">
    <?cs if:Brand.logo == "1" || ?Brand.name ?><p class="slip-shop" id="slip-shop"><?cs if:Brand.logo == "1" ?><img class="logo" src="/brand/logo?v=<?cs var:Brand.gen ?>" alt="" height="32"> <?cs /if ?><?cs var:Brand.name ?></p><?cs /if ?>
    <h1><?cs var:L.slip_title ?></h1>
    <p class="slip-no"><?cs var:L.slip_case ?> <strong id="slip-case-no"><?cs var:Page.case.case_no ?></strong></p>
  </header>
  <div class="slip-qr"><?cs var:Page.qr ?></div>
  <dl class="facts">
    <dt><?cs var:L.return_address ?></dt><dd id="slip-address"><?cs var:Page.ret.address ?></dd>
    <?cs if:?Page.ret.ship_by ?><dt><?cs var:L.return_ship_by ?></dt><dd id="slip-ship-by"><?cs var:Page.ret.ship_by ?></dd><?cs /if ?>
    <dt><?cs var:L.return_postage ?></dt><dd><?cs var:Page.ret.payer_label ?></dd>
    <dt><?cs var:L.form_order ?></dt><dd><?cs var:Page.case.order_no ?></dd>
    <dt><?cs var:L.case_type ?></dt><dd><?cs var:Page.case.type ?></dd>
  </dl>
  <h2><?cs var:L.case_items ?></h2>
  <ul class="case-items" id="slip-items">
  <?cs each:it = Page.case.items ?><li><?cs var:it.name ?> × <?cs var:it.qty ?></li><?cs /each ?>
  </ul>
  <p class="muted"><?cs var:L.slip_hint ?></p>
  <p class="no-print"><a class="button" href="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>"><?cs var:L.slip_back ?></a></p>
</article>
<?cs include:"footer.cs" ?>

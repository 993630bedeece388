<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.requests_title ?></h1>
<?cs if:subcount(Page.cases) == 0 ?>
<p class="empty"><?cs var:L.requests_empty ?> <a href="/my/orders"><?cs var:L.nav_orders ?></a></p>
<?cs else ?>
<ul class="cases">
<?cs each:c = Page.cases ?>
  <li class="card case-row">
    <?cs if:?c.photo ?><img class="case-thumb" src="/attachments/<?cs var:c.photo ?>" alt="" width="48" height="48" loading="lazy"><?cs /if ?>
    <a href="/my/requests/<?cs var:url_escape(c.case_no) ?>"><strong><?cs var:c.case_no ?></strong></a>
    <span class="badge state-<?cs var:c.state ?>"><?cs var:c.state_label ?></span>
    <?cs if:c.shop_replied == "1" ?><span class="badge replied" data-replied="1"><?cs var:L.shop_replied ?></span><?cs /if ?>
    <?cs if:?c.items ?><div class="case-products"><?cs var:c.items ?></div><?cs /if ?>
    <?cs if:?c.next ?><p class="next-step" data-next="<?cs var:c.next_key ?>"><?cs var:c.next ?><?cs if:?c.next_by ?><?cs var:c.next_by ?><?cs /if ?></p><?cs /if ?>
    <div class="muted"><?cs var:c.type ?> · <?cs var:L.form_order ?> <?cs var:c.order_no ?> · <?cs var:L.case_created ?> <?cs var:c.created_at ?></div>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs call:pager("/my/requests") ?>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.erase_done_title ?></h1>
<section class="card narrow" id="erased" role="status">
  <p><?cs var:L.erase_done_at ?> <time><?cs var:Page.erased.at ?></time>.</p>
  <p><?cs var:L.erase_done_what ?></p>
  <p><?cs var:L.erase_done_kept ?> <time id="refunds-until"><?cs var:Page.erased.refunds_until ?></time>.</p>
  <p><?cs var:L.erase_done_closed ?></p>
</section>
<?cs include:"footer.cs" ?>

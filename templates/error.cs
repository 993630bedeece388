<?cs include:"header.cs" ?>
<section class="card error" data-status="<?cs var:Page.status ?>">
  <h1><?cs var:Page.title ?></h1>
  <p><?cs var:Page.message ?></p>
  <?cs if:?Page.error_amount ?><p id="error-amount"><?cs var:L.err_amount_below ?> ¥<?cs var:Page.error_amount ?></p><?cs /if ?>
  <?cs if:?Page.retry_minutes ?><p class="retry"><?cs var:L.err_retry_in ?> <strong><?cs var:Page.retry_minutes ?></strong> <?cs var:L.err_retry_minutes ?></p><?cs /if ?>
  <?cs if:?Page.back ?><p><a href="<?cs var:Page.back ?>" id="back-to-case"><?cs var:L.err_back_case ?></a></p><?cs /if ?>
  <p><a href="/"><?cs var:L.err_back_home ?></a></p>
  <p class="muted"><small><?cs var:L.request_id ?>: <code><?cs var:Site.request_id ?></code></small></p>
</section>
<?cs include:"footer.cs" ?>

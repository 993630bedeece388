<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.webhooks_title ?></h1>
<p class="muted"><?cs var:L.webhooks_intro ?></p>
<?cs if:?Page.secret.value ?>
<section class="card" id="secret" role="status">
  <h2><?cs var:L.webhooks_secret_title ?></h2>
  <p><?cs var:L.webhooks_secret_once ?></p>
  <p><code class="secret" data-endpoint="<?cs var:Page.secret.id ?>"><?cs var:Page.secret.value ?></code></p>
</section>
<?cs /if ?>
<form method="post" action="/staff/admin/webhooks" class="card" id="endpoint-new" novalidate>
  <h2><?cs var:L.webhooks_new ?></h2>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <label for="url"><?cs var:L.webhooks_url ?></label>
  <input id="url" name="url" type="url" required maxlength="500" placeholder="https://shop.example.com/hooks/aftercare" value="<?cs var:Page.form.url ?>">
  <?cs call:field_error("url") ?>
  <label for="events"><?cs var:L.webhooks_events ?></label>
  <input id="events" name="events" type="text" maxlength="500" placeholder="*" value="<?cs var:Page.form.events ?>">
  <p class="muted"><small><?cs var:L.webhooks_events_help ?> <?cs each:t = Page.types ?><code><?cs var:t ?></code> <?cs /each ?></small></p>
  <?cs call:field_error("events") ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.webhooks_add ?></button></p>
</form>
<?cs if:subcount(Page.endpoints) == 0 ?>
<p class="card muted" id="no-endpoints"><?cs var:L.webhooks_none ?></p>
<?cs else ?>
<ul class="endpoints">
<?cs each:w = Page.endpoints ?>
  <li class="card endpoint" id="endpoint-<?cs var:w.id ?>" data-endpoint="<?cs var:w.id ?>" data-enabled="<?cs var:w.enabled ?>">
    <h2><code><?cs var:w.url ?></code><?cs if:w.enabled != "1" ?> <span class="badge state-rejected"><?cs var:L.webhooks_disabled ?></span><?cs /if ?></h2>
    <p class="muted"><?cs var:L.webhooks_events ?>: <code class="events"><?cs var:w.events ?></code> · <?cs var:L.webhooks_since ?> <?cs var:w.created_at ?></p>
    <p class="muted"><?cs var:L.webhooks_queued ?> <span class="queued"><?cs var:w.queued ?></span> · <?cs var:L.webhooks_sent ?> <span class="sent"><?cs var:w.sent ?></span> · <?cs var:L.webhooks_failed ?> <span class="failed"><?cs var:w.failed ?></span></p>
    <form method="post" action="/staff/admin/webhooks/<?cs var:w.id ?>/<?cs if:w.enabled == "1" ?>disable<?cs else ?>enable<?cs /if ?>" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <button type="submit"><?cs if:w.enabled == "1" ?><?cs var:L.webhooks_disable ?><?cs else ?><?cs var:L.webhooks_enable ?><?cs /if ?></button>
    </form>
    <form method="post" action="/staff/admin/webhooks/<?cs var:w.id ?>/rotate" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <button type="submit"><?cs var:L.webhooks_rotate ?></button>
    </form>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs include:"footer.cs" ?>

<?cs # the timeline of Page.case: both sides ?>
<section class="card" id="timeline">
  <h2><?cs var:L.case_timeline ?></h2>
  <ol class="timeline">
  <?cs each:ev = Page.case.events ?>
    <li><time><?cs var:ev.at ?></time> <strong><?cs var:ev.action ?></strong> <?cs var:ev.by ?><?cs if:?ev.actor_name ?> (<?cs var:ev.actor_name ?>)<?cs /if ?><span class="muted"> · <?cs var:L.timeline_status ?> <?cs var:ev.to ?></span>
    <?cs if:?ev.note ?><p><?cs var:ev.note ?></p><?cs /if ?></li>
  <?cs /each ?>
  </ol>
</section>

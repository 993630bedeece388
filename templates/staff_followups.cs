<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.followups_title ?></h1>
<p class="note"><?cs var:L.followups_intro ?></p>
<?cs if:subcount(Page.tasks) == 0 ?>
<p class="empty"><?cs var:L.followups_empty ?></p>
<?cs else ?>
<ul class="cases">
<?cs each:t = Page.tasks ?>
  <li class="card" data-case="<?cs var:t.case_no ?>">
    <a href="/staff/cases/<?cs var:url_escape(t.case_no) ?>#followup"><strong><?cs var:t.case_no ?></strong></a>
    <span class="badge sla-<?cs var:t.sla ?>" data-sla="<?cs var:t.sla ?>"><?cs var:L.queue_due ?> <?cs var:t.due ?><?cs if:t.sla != "ok" ?> · <?cs var:t.sla_label ?><?cs /if ?></span>
    <div class="muted"><?cs var:t.customer ?> · <?cs var:t.phone ?> · <?cs var:L.followups_completed ?> <?cs var:t.completed_at ?><?cs if:t.attempts != "0" ?> · <?cs var:L.followups_attempts ?> <span data-attempts="<?cs var:t.attempts ?>"><?cs var:t.attempts ?></span><?cs /if ?></div>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs call:pager("/staff/followups") ?>
<?cs include:"footer.cs" ?>

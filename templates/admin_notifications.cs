<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.notifications_title ?></h1>
<p class="muted"><?cs var:L.notifications_intro ?></p>
<?cs if:Page.resent == "1" ?><p class="note" role="status"><?cs var:L.notifications_resent ?></p><?cs /if ?>
<?cs if:subcount(Page.messages) == 0 ?>
<p class="card muted" id="no-messages"><?cs var:L.notifications_none ?></p>
<?cs else ?>
<div class="card table-wrap">
<table class="notifications">
  <thead><tr><th><?cs var:L.notifications_when ?></th><th><?cs var:L.notifications_event ?></th><th><?cs var:L.notifications_channel ?></th><th><?cs var:L.notifications_to ?></th><th><?cs var:L.notifications_status ?></th><th><?cs var:L.notifications_attempts ?></th><th><?cs var:L.notifications_error ?></th><th></th></tr></thead>
  <tbody>
  <?cs each:m = Page.messages ?>
    <tr id="message-<?cs var:m.id ?>" data-message="<?cs var:m.id ?>" data-status="<?cs var:m.status ?>" data-channel="<?cs var:m.channel ?>">
      <td><?cs var:m.created_at ?></td>
      <td><code class="event"><?cs var:m.event ?></code><?cs if:m.template == "reset_code" ?> <span class="muted"><?cs var:L.notifications_code_sent ?></span><?cs /if ?><?cs if:?m.case_no ?><br><a href="/staff/cases/<?cs var:m.case_no ?>"><?cs var:m.case_no ?></a><?cs /if ?></td>
      <td><?cs var:L["channel_out_" + m.channel] ?></td>
      <td class="to"><?cs var:m.to ?></td>
      <td><span class="badge status-<?cs var:m.status ?>"><?cs var:L["notify_status_" + m.status] ?></span><?cs if:?m.sent_at ?><br><small><?cs var:m.sent_at ?></small><?cs elif:?m.next_at ?><br><small><?cs var:L.notifications_next ?> <?cs var:m.next_at ?></small><?cs /if ?></td>
      <td><?cs var:m.attempts ?></td>
      <td class="error"><?cs var:m.error ?></td>
      <td><?cs if:m.status != "queued" && m.template != "reset_code" ?><form method="post" action="/staff/admin/notifications/<?cs var:m.id ?>/resend" class="inline"><input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>"><button type="submit"><?cs var:L.notifications_resend ?></button></form><?cs /if ?></td>
    </tr>
  <?cs /each ?>
  </tbody>
</table>
</div>
<?cs call:pager("/staff/admin/notifications") ?>
<?cs /if ?>
<?cs include:"footer.cs" ?>

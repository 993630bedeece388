<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.pickups_title ?> <?cs var:Page.day ?></h1>
<form method="get" action="/staff/pickups" class="card filters">
  <label for="day"><?cs var:L.pickup_day ?></label>
  <input id="day" name="day" type="date" value="<?cs var:Page.day ?>">
  <button type="submit"><?cs var:L.pickups_show ?></button>
</form>
<nav class="pager" aria-label="days">
  <a rel="prev" href="/staff/pickups?day=<?cs var:Page.prev ?>"><?cs var:L.pickups_prev ?></a>
  <a rel="next" href="/staff/pickups?day=<?cs var:Page.next ?>"><?cs var:L.pickups_next ?></a>
</nav>
<?cs if:subcount(Page.pickups) == 0 ?>
<p class="card muted" id="no-pickups"><?cs var:L.pickups_none ?></p>
<?cs else ?>
<ul class="pickups" id="pickups">
<?cs each:p = Page.pickups ?>
  <li class="card" data-case="<?cs var:p.case_no ?>" data-state="<?cs var:p.state ?>">
    <p><strong><?cs var:p.window ?></strong> <a href="/staff/cases/<?cs var:url_escape(p.case_no) ?>"><?cs var:p.case_no ?></a> <span class="badge"><?cs var:p.state_label ?></span></p>
    <p><?cs var:p.customer ?> <?cs var:p.phone ?></p>
    <p><?cs var:p.address ?></p>
    <?cs if:p.open == "1" ?>
    <form method="post" action="/staff/cases/<?cs var:url_escape(p.case_no) ?>/pickup" class="step">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <input type="hidden" name="version" value="<?cs var:p.version ?>">
      <button type="submit" class="primary"><?cs var:L.action_pickup_confirm ?></button>
    </form>
    <form method="post" action="/staff/pickups/<?cs var:url_escape(p.case_no) ?>/move" class="step">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <label for="move-day-<?cs var:name(p) ?>"><?cs var:L.pickup_day ?></label>
      <input id="move-day-<?cs var:name(p) ?>" name="day" type="date" required min="<?cs var:Page.pickup_min ?>" value="<?cs var:Page.day ?>">
      <label for="move-window-<?cs var:name(p) ?>"><?cs var:L.pickup_window ?></label>
      <select id="move-window-<?cs var:name(p) ?>" name="window">
      <?cs each:w = Page.windows ?><option value="<?cs var:w ?>"<?cs if:w == p.window ?> selected<?cs /if ?>><?cs var:w ?></option><?cs /each ?>
      </select>
      <button type="submit"><?cs var:L.pickup_move ?></button>
    </form>
    <?cs /if ?>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs include:"footer.cs" ?>

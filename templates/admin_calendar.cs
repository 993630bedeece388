<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.calendar_title ?> <?cs var:Page.year ?></h1>
<p class="note"><?cs var:L.calendar_intro ?></p>
<nav class="pager" aria-label="<?cs var:L.calendar_years ?>">
  <a href="/staff/admin/calendar?year=<?cs var:Page.prev_year ?>" rel="prev">← <?cs var:Page.prev_year ?></a>
  <a href="/staff/admin/calendar?year=<?cs var:Page.next_year ?>" rel="next"><?cs var:Page.next_year ?> →</a>
</nav>
<form method="post" action="/staff/admin/calendar" class="card" id="calendar-form" novalidate>
  <h2><?cs var:L.calendar_set ?></h2>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <label for="cal-day"><?cs var:L.calendar_day ?></label>
  <input id="cal-day" name="day" type="date" required value="<?cs var:Page.form.day ?>">
  <?cs call:field_error("day") ?>
  <fieldset>
    <legend><?cs var:L.calendar_kind ?></legend>
    <label class="choice"><input type="radio" name="kind" value="off"<?cs if:Page.form.kind != "work" ?> checked<?cs /if ?>> <?cs var:L.calendar_off ?></label>
    <label class="choice"><input type="radio" name="kind" value="work"<?cs if:Page.form.kind == "work" ?> checked<?cs /if ?>> <?cs var:L.calendar_work ?></label>
    <?cs call:field_error("kind") ?>
  </fieldset>
  <label for="cal-note"><?cs var:L.calendar_note ?></label>
  <input id="cal-note" name="note" type="text" maxlength="100" value="<?cs var:Page.form.note ?>">
  <?cs call:field_error("note") ?>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.calendar_save ?></button></p>
</form>
<section class="card">
<?cs if:subcount(Page.days) == 0 ?>
  <p class="empty"><?cs var:L.calendar_empty ?></p>
<?cs else ?>
  <table class="list" id="overrides">
    <thead><tr><th scope="col"><?cs var:L.calendar_day ?></th><th scope="col"><?cs var:L.calendar_kind ?></th><th scope="col"><?cs var:L.calendar_note ?></th><th scope="col"><span class="sr-only"><?cs var:L.calendar_remove ?></span></th></tr></thead>
    <tbody>
    <?cs each:d = Page.days ?>
    <tr data-day="<?cs var:d.day ?>" data-working="<?cs var:d.working ?>">
      <td><?cs var:d.day ?></td>
      <td><span class="badge <?cs if:d.working == "1" ?>state-approved<?cs else ?>state-rejected<?cs /if ?>"><?cs if:d.working == "1" ?><?cs var:L.calendar_work ?><?cs else ?><?cs var:L.calendar_off ?><?cs /if ?></span></td>
      <td><?cs var:d.note ?></td>
      <td><form method="post" action="/staff/admin/calendar" class="inline">
        <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
        <input type="hidden" name="day" value="<?cs var:d.day ?>">
        <button type="submit" name="remove" value="1" class="link"><?cs var:L.calendar_remove ?></button>
      </form></td>
    </tr>
    <?cs /each ?>
    </tbody>
  </table>
<?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

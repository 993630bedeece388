<?cs # internal notes of Page.case: the staff case page only (page_desk.c fill_notes) ?>
<section class="card" id="notes">
  <h2><?cs var:L.notes_title ?></h2>
  <p class="muted"><small><?cs var:L.notes_hint ?></small></p>
  <?cs if:subcount(Page.notes) == 0 ?><p class="muted"><?cs var:L.notes_empty ?></p><?cs /if ?>
  <ol class="messages notes">
  <?cs each:n = Page.notes ?>
    <li class="message note" data-kind="note">
      <div class="muted"><small><?cs var:n.author ?> · <?cs var:n.at ?></small></div>
      <p class="description"><?cs var:n.body ?></p>
    </li>
  <?cs /each ?>
  </ol>
  <form method="post" action="<?cs var:Page.note_action ?>">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <label for="note-body"><?cs var:L.note_label ?></label>
    <textarea id="note-body" name="body" rows="2" maxlength="2000" required></textarea>
    <button type="submit"><?cs var:L.note_add ?></button>
  </form>
</section>

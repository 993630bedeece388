<?cs # the message thread of Page.case with a form to write: both sides; Page.message_action is where it posts ?>
<section class="card" id="messages">
  <h2><?cs var:L.messages_title ?></h2>
  <?cs if:subcount(Page.case.messages) == 0 ?><p class="muted"><?cs if:User.kind == "staff" ?><?cs var:L.staff_messages_empty ?><?cs else ?><?cs var:L.messages_empty ?><?cs /if ?></p><?cs /if ?>
  <ol class="messages">
  <?cs each:m = Page.case.messages ?>
    <li class="message <?cs var:m.kind ?><?cs if:m.mine == "1" ?> mine<?cs /if ?>" data-kind="<?cs var:m.kind ?>">
      <div class="muted"><small><?cs var:m.who ?><?cs if:?m.name ?> <?cs var:m.name ?><?cs /if ?> · <?cs var:m.at ?></small></div>
      <p class="description"><?cs var:m.body ?></p>
      <?cs if:?m.photo ?><a href="/attachments/<?cs var:m.photo ?>"><img class="message-photo" src="/attachments/<?cs var:m.photo ?>" alt="<?cs var:L.message_photo ?>" loading="lazy"></a><?cs /if ?>
    </li>
  <?cs /each ?>
  </ol>
  <?cs if:subcount(Page.replies) > 0 ?><form method="get" action="/staff/cases/<?cs var:url_escape(Page.case.case_no) ?>#messages" class="reply-pick">
    <label for="reply-pick"><?cs var:L.replies_pick ?></label>
    <select id="reply-pick" name="reply">
      <?cs each:t = Page.replies ?><option value="<?cs var:t.id ?>"<?cs if:Page.reply_picked == t.id ?> selected<?cs /if ?>><?cs var:t.title ?></option><?cs /each ?>
    </select>
    <button type="submit"><?cs var:L.replies_use ?></button>
  </form><?cs /if ?>
  <form method="post" action="<?cs var:Page.message_action ?>" enctype="multipart/form-data">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
    <label for="message-body"><?cs if:User.kind == "staff" ?><?cs var:L.staff_message_label ?><?cs else ?><?cs var:L.message_label ?><?cs /if ?></label>
    <textarea id="message-body" name="body" rows="3" maxlength="2000" required><?cs var:Page.message_draft ?></textarea>
    <label for="message-photo"><?cs var:L.message_photo ?></label>
    <input id="message-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp">
    <button type="submit" class="primary"><?cs var:L.message_send ?></button>
  </form>
</section>

<section class="card" id="followup">
  <h2><?cs var:L.followup_title ?></h2>
  <p class="muted"><?cs var:L.queue_due ?> <?cs var:Page.followup.due ?> <span class="badge sla-<?cs var:Page.followup.mark ?>"><?cs var:L["sla_" + Page.followup.mark] ?></span></p>
  <form method="post" action="/staff/cases/<?cs var:url_escape(Page.case.case_no) ?>/followup" class="step" data-action="followup">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
    <label for="followup-method"><?cs var:L.followup_method ?></label>
    <select id="followup-method" name="method">
      <option value="phone"><?cs var:L.followup_method_phone ?></option>
      <option value="online"><?cs var:L.followup_method_online ?></option>
      <option value="visit"><?cs var:L.followup_method_visit ?></option>
    </select>
    <fieldset>
      <legend><?cs var:L.followup_outcome ?></legend>
      <label class="choice"><input type="radio" name="outcome" value="reached" checked> <?cs var:L.followup_outcome_reached ?></label>
      <label class="choice"><input type="radio" name="outcome" value="unreachable"> <?cs var:L.followup_outcome_unreachable ?></label>
      <label class="choice"><input type="radio" name="outcome" value="declined"> <?cs var:L.followup_outcome_declined ?></label>
    </fieldset>
    <p class="note"><?cs var:L.followup_answers_hint ?></p>
    <?cs each:q = Page.questions ?>
    <fieldset class="scale">
      <legend><?cs var:q.label ?></legend>
      <?cs each:v = q.values ?><label class="choice"><input type="radio" name="<?cs var:q.name ?>" value="<?cs var:v ?>"> <?cs var:v ?></label><?cs /each ?>
    </fieldset>
    <?cs /each ?>
    <label for="followup-comment"><?cs var:L.survey_comment ?></label>
    <textarea id="followup-comment" name="comment" rows="2" maxlength="1000"></textarea>
    <button type="submit" class="primary"><?cs var:L.followup_send ?></button>
  </form>
</section>

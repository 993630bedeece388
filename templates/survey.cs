<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.survey_title ?></h1>
<section class="card" id="survey" data-case="<?cs var:Page.survey.case_no ?>">
  <p><?cs var:L.survey_for ?> <strong><?cs var:Page.survey.case_no ?></strong></p>
<?cs if:?Page.survey.answered_at ?>
  <p class="note" id="survey-done"><?cs var:L.survey_thanks ?> (<?cs var:Page.survey.answered_at ?>)</p>
  <dl class="facts stack">
  <?cs each:q = Page.questions ?><dt><?cs var:q.label ?></dt><dd data-q="<?cs var:q.name ?>"><?cs var:Page.survey.answer[q.name] ?></dd><?cs /each ?>
  <?cs if:?Page.survey.comment ?><dt><?cs var:L.survey_comment ?></dt><dd><?cs var:Page.survey.comment ?></dd><?cs /if ?>
  </dl>
<?cs elif:Page.survey.expired == "1" ?>
  <p class="note" id="survey-expired"><?cs var:L.err_survey_expired ?></p>
<?cs else ?>
  <form method="post" action="<?cs var:Page.survey.action ?>" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <?cs each:q = Page.questions ?>
    <fieldset class="scale scale-<?cs var:q.scale ?>"<?cs if:q.scale == "long" ?> aria-describedby="ends-<?cs var:q.name ?>"<?cs /if ?>>
      <legend><?cs var:q.label ?></legend>
      <div class="points">
      <?cs each:v = q.values ?><label class="choice"><input type="radio" name="<?cs var:q.name ?>" value="<?cs var:v ?>"<?cs if:q.chosen == v ?> checked<?cs /if ?>> <span class="n"><?cs var:v ?></span><?cs if:?v.text ?> <span class="t"><?cs var:v.text ?></span><?cs /if ?></label><?cs /each ?>
      </div>
      <?cs if:q.scale == "long" ?><p class="ends" id="ends-<?cs var:q.name ?>"><span><?cs var:q.lo ?> = <?cs var:L.survey_long_lo ?></span> <span><?cs var:q.hi ?> = <?cs var:L.survey_long_hi ?></span></p><?cs /if ?>
      <?cs call:field_error(q.name) ?>
    </fieldset>
    <?cs /each ?>
    <label for="comment"><?cs var:L.survey_comment ?></label>
    <textarea id="comment" name="comment" rows="3" maxlength="1000"><?cs var:Page.form.comment ?></textarea>
    <?cs call:field_error("comment") ?>
    <p class="muted"><?cs var:L.survey_expires ?> <?cs var:Page.survey.expires ?></p>
    <p class="actions"><button type="submit" class="primary"><?cs var:L.survey_send ?></button></p>
  </form>
<?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

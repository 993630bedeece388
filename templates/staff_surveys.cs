<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.surveys_title ?></h1>
<form method="get" action="/staff/surveys" class="card filters">
  <label for="from"><?cs var:L.period_from ?></label>
  <input id="from" name="from" type="date" value="<?cs var:Page.period.from ?>">
  <label for="to"><?cs var:L.period_to ?></label>
  <input id="to" name="to" type="date" value="<?cs var:Page.period.to ?>">
  <label for="overall"><?cs var:L.survey_overall ?></label>
  <select id="overall" name="overall">
    <option value=""><?cs var:L.queue_anyone ?></option>
    <?cs loop:i = 1, 5, 1 ?><option value="<?cs var:i ?>"<?cs if:Page.filter.overall == i ?> selected<?cs /if ?>><?cs var:i ?></option><?cs /loop ?>
  </select>
  <label class="choice"><input type="checkbox" name="commented" value="1"<?cs if:Page.filter.commented == "1" ?> checked<?cs /if ?>> <?cs var:L.surveys_commented ?></label>
  <p class="actions"><button type="submit" class="primary"><?cs var:L.queue_filter ?></button></p>
</form>
<p class="card exports"><?cs var:L.exports_title ?>:
  <a href="/staff/export/cases.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_cases ?></a> ·
  <a href="/staff/export/refunds.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_refunds ?></a> ·
  <a href="/staff/export/compensations.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_compensations ?></a> ·
  <a href="/staff/export/surveys.csv?from=<?cs var:url_escape(Page.period.from) ?>&amp;to=<?cs var:url_escape(Page.period.to) ?>" download><?cs var:L.export_surveys ?></a>
</p>
<?cs if:subcount(Page.answers) == 0 ?>
<p class="empty"><?cs var:L.surveys_empty ?></p>
<?cs else ?>
<ul class="cases">
<?cs each:a = Page.answers ?>
  <li class="card" data-case="<?cs var:a.case_no ?>" data-overall="<?cs var:a.overall ?>">
    <a href="/staff/cases/<?cs var:url_escape(a.case_no) ?>"><strong><?cs var:a.case_no ?></strong></a>
    <span class="muted"><?cs var:a.at ?> · <?cs var:a.type ?> · <?cs var:a.channel ?></span>
    <div><?cs var:L.survey_attitude ?> <?cs var:a.attitude ?> · <?cs var:L.survey_speed ?> <?cs var:a.speed ?> · <?cs var:L.survey_resolution ?> <?cs var:a.resolution ?> · <?cs var:L.survey_overall ?> <strong><?cs var:a.overall ?></strong> · NPS <?cs var:a.recommend ?>/10</div>
    <?cs if:?a.comment ?><p class="description"><?cs var:a.comment ?></p><?cs /if ?>
  </li>
<?cs /each ?>
</ul>
<?cs /if ?>
<?cs call:pager("/staff/surveys") ?>
<?cs include:"footer.cs" ?>

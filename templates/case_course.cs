<?cs # the case's course as both sides see it: a parcel not received and the carrier's claim; a
     disputed inspection with its deduction, photos, the appeal and the manager's decision ?>
<?cs if:?Page.case.next ?>
<p class="card next-step" id="next-step" data-next="<?cs var:Page.case.next_key ?>"><?cs var:Page.case.next ?><?cs if:?Page.case.next_by ?><?cs var:Page.case.next_by ?><?cs /if ?></p>
<?cs /if ?>
<?cs if:?Page.case.claim_no ?>
<section class="card" id="claim">
  <h2><?cs var:L.claim_title ?></h2>
  <p><?cs var:L.claim_no ?> <strong id="claim-no"><?cs var:Page.case.claim_no ?></strong></p>
  <?cs if:Page.case.state == "carrier_check" ?><p class="note"><?cs var:L.claim_checking ?></p><?cs /if ?>
</section>
<?cs /if ?>
<?cs if:?Page.case.inspection.deduction || Page.case.inspection.result == "fail" || ?Page.case.appeal.at ?>
<section class="card" id="inspection" data-result="<?cs var:Page.case.inspection.result ?>">
  <h2><?cs var:L.inspection_title ?></h2>
  <?cs if:?Page.case.inspection.deduction ?>
  <dl class="facts">
    <dt><?cs var:L.inspection_paid ?></dt><dd>¥<?cs var:Page.case.inspection.paid ?></dd>
    <dt><?cs var:L.inspect_deduction ?></dt><dd id="deduction">−¥<?cs var:Page.case.inspection.deduction ?></dd>
    <dt><?cs var:L.inspection_refund ?></dt><dd id="deducted-refund"><strong>¥<?cs var:Page.case.inspection.refund ?></strong></dd>
  </dl>
  <?cs elif:Page.case.inspection.result == "fail" ?><p><?cs var:L.inspection_failed ?></p><?cs /if ?>
  <?cs if:?Page.case.inspection.note ?><p class="description" id="inspection-note"><?cs var:Page.case.inspection.note ?></p><?cs /if ?>
  <?cs if:subcount(Page.case.inspection.photos) > 0 ?>
  <ul class="photos" id="inspection-photos">
  <?cs each:p = Page.case.inspection.photos ?><li><a href="/attachments/<?cs var:p.id ?>"><img src="/attachments/<?cs var:p.id ?>" alt="<?cs var:L.inspection_photo ?> <?cs var:p.filename ?>" loading="lazy"></a></li><?cs /each ?>
  </ul>
  <?cs /if ?>
  <?cs if:?Page.case.appeal.at ?>
  <h3><?cs var:L.appeal_title ?></h3>
  <p class="muted"><?cs var:Page.case.appeal.at ?></p>
  <p class="description" id="appeal-reason"><?cs var:Page.case.appeal.reason ?></p>
  <p id="appeal-decision" data-decision="<?cs var:Page.case.appeal.decision ?>"><?cs if:?Page.case.appeal.decision ?><strong><?cs var:Page.case.appeal.decision_label ?></strong><?cs else ?><?cs var:L.appeal_waiting ?><?cs /if ?></p>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Page.case.can_appeal == "1" ?>
<form method="post" action="/my/requests/<?cs var:url_escape(Page.case.case_no) ?>/appeal" class="card" id="appeal">
  <h2><?cs var:L.appeal_title ?></h2>
  <p class="muted"><?cs var:L.appeal_hint ?></p>
  <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
  <input type="hidden" name="version" value="<?cs var:Page.case.version ?>">
  <label for="appeal-text"><?cs var:L.appeal_reason ?></label>
  <textarea id="appeal-text" name="reason" rows="3" maxlength="500" required></textarea>
  <button type="submit" class="primary"><?cs var:L.appeal_submit ?></button>
</form>
<?cs /if ?>

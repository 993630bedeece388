<?cs include:"header.cs" ?><?cs include:"macros.cs" ?>
<h1><?cs var:L.staff_account_title ?></h1>
<?cs if:Page.ended == "1" ?><p class="note" role="status" id="ended"><?cs var:L.sessions_ended ?></p><?cs /if ?>
<section class="card" id="otp" data-otp="<?cs var:Page.otp.enabled ?>">
  <h2><?cs var:L.otp_title ?></h2>
  <?cs if:subcount(Page.otp.codes) > 0 ?>
  <div class="note" role="status" id="recovery-codes">
    <p><strong><?cs var:L.otp_enrolled ?></strong></p>
    <p><?cs var:L.otp_codes_intro ?></p>
    <ul class="codes"><?cs each:c = Page.otp.codes ?><li><code><?cs var:c ?></code></li><?cs /each ?></ul>
  </div>
  <?cs /if ?>
  <?cs if:Page.otp.enabled == "1" ?>
  <p class="otp-on"><?cs var:L.otp_on ?> <?cs var:L.otp_recovery_left ?> <strong id="recovery-left"><?cs var:Page.otp.recovery_left ?></strong></p>
  <?cs elif:Page.otp.required == "1" ?>
  <p class="note" id="otp-required"><?cs var:L.otp_required ?></p>
  <?cs else ?>
  <p class="otp-off"><?cs var:L.otp_optional ?></p>
  <?cs /if ?>
  <?cs if:Page.otp.pending == "1" ?>
  <div class="otp-enrol" id="enrol">
    <p><?cs var:L.otp_scan ?></p>
    <div class="otp-qr"><?cs var:Page.otp.qr ?></div>
    <p><?cs var:L.otp_secret_label ?> <code id="otp-secret"><?cs var:Page.otp.secret ?></code></p>
    <form method="post" action="/staff/account/otp/confirm" novalidate>
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <label for="otp-code"><?cs var:L.otp_confirm_label ?></label>
      <input id="otp-code" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
      <?cs call:field_error("otp") ?>
      <button type="submit" class="primary"><?cs var:L.otp_confirm ?></button>
    </form>
  </div>
  <?cs else ?>
  <form method="post" action="/staff/account/otp" id="otp-start" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <?cs if:Page.otp.enabled == "1" ?><label for="otp-current"><?cs var:L.otp_current_label ?></label>
    <input id="otp-current" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="32" required>
    <?cs call:field_error("otp_current") ?><?cs /if ?>
    <button type="submit"<?cs if:Page.otp.enabled != "1" ?> class="primary"<?cs /if ?>><?cs if:Page.otp.enabled == "1" ?><?cs var:L.otp_start_again ?><?cs else ?><?cs var:L.otp_start ?><?cs /if ?></button>
  </form>
  <?cs /if ?>
</section>
<section class="card" id="sessions">
  <h2><?cs var:L.signins_title ?></h2>
  <?cs if:subcount(Page.log) > 0 ?>
  <table class="list signins" id="signins">
    <thead><tr><th scope="col"><?cs var:L.signins_when ?></th><th scope="col"><?cs var:L.signins_what ?></th><th scope="col"><?cs var:L.signins_addr ?></th><th scope="col"><?cs var:L.signins_browser ?></th></tr></thead>
    <tbody>
    <?cs each:l = Page.log ?><tr data-event="<?cs var:l.kind ?>">
      <td><?cs var:l.at ?></td>
      <td><?cs var:l.event ?><?cs if:?l.by ?> <small class="muted">(<?cs var:L.signins_by ?> <span class="by"><?cs var:l.by ?></span>)</small><?cs /if ?></td>
      <td class="addr"><?cs var:l.addr ?></td>
      <td class="agent"><small><?cs var:l.agent ?></small></td>
    </tr><?cs /each ?>
    </tbody>
  </table>
  <?cs else ?><p class="muted"><?cs var:L.signins_none ?></p><?cs /if ?>
  <form method="post" action="/staff/account/sessions/end" id="end-sessions">
    <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
    <p class="muted"><small><?cs var:L.sessions_end_hint ?></small></p>
    <button type="submit"><?cs var:L.sessions_end ?></button>
  </form>
</section>
<?cs include:"footer.cs" ?>

<?cs if:Mail.part == "html" ?><p style="color:#666;font-size:90%"><?cs if:Mail.queue ?><?cs var:L.mail_staff_footer ?><?cs else ?><?cs var:L.mail_footer ?><?cs /if ?><br><a href="<?cs var:Mail.site ?>/"><?cs var:L.site_name ?></a></p>
</body></html>
<?cs elif:Mail.part == "text" ?>-- 
<?cs if:Mail.queue ?><?cs uvar:L.mail_staff_footer ?><?cs else ?><?cs uvar:L.mail_footer ?><?cs /if ?>
<?cs uvar:L.site_name ?> <?cs uvar:Mail.site ?>/
<?cs /if ?>

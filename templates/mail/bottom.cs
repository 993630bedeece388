<?cs if:Mail.part == "html" ?><p style="color:#666;font-size:90%"><?cs var:L.mail_footer ?><br><a href="<?cs var:Mail.site ?>/"><?cs var:L.site_name ?></a></p>
</body></html>
<?cs elif:Mail.part == "text" ?>-- 
<?cs uvar:L.mail_footer ?>
<?cs uvar:L.site_name ?> <?cs uvar:Mail.site ?>/
<?cs /if ?>

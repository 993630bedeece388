<?cs include:"mail/macros.cs" ?><?cs if:Mail.part == "html" ?><!DOCTYPE html>
<html lang="<?cs var:Lang ?>"><head><meta charset="utf-8"><title><?cs var:L.site_name ?></title></head>
<body style="font-family:sans-serif;line-height:1.5;max-width:40em;color:#222">
<p><?cs var:L.mail_hello ?></p>
<?cs elif:Mail.part == "text" ?><?cs uvar:L.mail_hello ?>

<?cs else ?>【<?cs uvar:L.site_name ?>】<?cs /if ?>

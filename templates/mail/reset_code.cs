<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_code, Mail.data.code, L.mail_code_end) ?>
<?cs call:mail_p(L.mail_code_ignore, "", "") ?>
<?cs include:"mail/bottom.cs" ?>

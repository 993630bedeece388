<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_message, Mail.case_no, L.mail_message_end) ?>
<?cs call:mail_quote(Mail.data.text) ?>
<?cs call:mail_link(L.mail_reply, Mail.link) ?>
<?cs include:"mail/bottom.cs" ?>

<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_staff_appeal, Mail.case_no, L.mail_staff_appeal_end) ?>
<?cs call:mail_link(L.mail_staff_open, Mail.link) ?>
<?cs include:"mail/bottom.cs" ?>

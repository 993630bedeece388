<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_staff_compensation, Mail.case_no, L.mail_staff_compensation_end) ?>
<?cs if:Mail.amount ?><?cs call:mail_p(L.mail_staff_amount, Mail.amount, L.mail_yuan) ?><?cs /if ?>
<?cs call:mail_link(L.mail_staff_open, Mail.link) ?>
<?cs include:"mail/bottom.cs" ?>

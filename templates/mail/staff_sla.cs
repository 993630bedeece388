<?cs include:"mail/top.cs" ?>
<?cs if:Mail.data.level == "breached" ?><?cs call:mail_p(L.mail_staff_breached, Mail.case_no, L.mail_staff_breached_end) ?>
<?cs else ?><?cs call:mail_p(L.mail_staff_at_risk, Mail.case_no, L.mail_staff_at_risk_end) ?>
<?cs /if ?><?cs call:mail_p(L.mail_staff_due, Mail.data.due, "") ?>
<?cs call:mail_link(L.mail_staff_open, Mail.link) ?>
<?cs include:"mail/bottom.cs" ?>

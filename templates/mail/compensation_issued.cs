<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_compensation, Mail.amount, L.mail_compensation_end) ?>
<?cs call:mail_more(L.mail_compensation_case, Mail.case_no, "") ?>
<?cs if:Mail.data.reference ?><?cs call:mail_more(L.mail_reference, Mail.data.reference, "") ?><?cs /if ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs include:"mail/bottom.cs" ?>

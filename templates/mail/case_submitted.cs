<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_submitted, Mail.case_no, L.mail_submitted_end) ?>
<?cs call:mail_more(L.case_next_submitted, "", "") ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs include:"mail/bottom.cs" ?>

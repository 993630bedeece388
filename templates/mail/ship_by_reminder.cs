<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_ship_by_reminder, Mail.case_no, L.mail_ship_by_reminder_end) ?>
<?cs call:mail_more(L.mail_ship_by_reminder_next, "", "") ?>
<?cs if:Mail.data.address ?><?cs call:mail_more(L.mail_approved_return_to, Mail.data.address, "") ?><?cs /if ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs include:"mail/bottom.cs" ?>

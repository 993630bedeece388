<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_complaint, Mail.data.reason, L.mail_complaint_end) ?>
<?cs call:mail_quote(Mail.data.text) ?>
<?cs call:mail_link(L.mail_view_complaints, Mail.site + "/my/complaints") ?>
<?cs include:"mail/bottom.cs" ?>

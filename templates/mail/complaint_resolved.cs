<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_complaint, Mail.data.reason, L.mail_complaint_resolved_end) ?>
<?cs call:mail_quote(Mail.data.text) ?>
<?cs if:Mail.amount ?><?cs call:mail_p(L.mail_complaint_compensation, Mail.amount, L.mail_yuan) ?><?cs /if ?>
<?cs call:mail_more(L.mail_complaint_confirm, "", "") ?>
<?cs call:mail_link(L.mail_view_complaints, Mail.site + "/my/complaints") ?>
<?cs include:"mail/bottom.cs" ?>

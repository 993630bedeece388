<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_staff_complaint_reopened, Mail.data.reason, L.mail_staff_complaint_reopened_end) ?>
<?cs call:mail_quote(Mail.data.text) ?>
<?cs call:mail_link(L.mail_staff_open_complaints, Mail.site + "/staff/complaints") ?>
<?cs include:"mail/bottom.cs" ?>

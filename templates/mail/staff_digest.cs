<?cs include:"mail/top.cs" ?>
<?cs call:mail_p(L.mail_staff_digest, Mail.data.day, L.mail_staff_digest_end) ?>
<?cs call:mail_p(L.mail_staff_digest_created, Mail.data.created, "") ?>
<?cs call:mail_p(L.mail_staff_digest_completed, Mail.data.completed, "") ?>
<?cs call:mail_p(L.mail_staff_digest_refunds, Mail.refunds, L.mail_yuan) ?>
<?cs call:mail_p(L.mail_staff_digest_breached, Mail.data.breached, "") ?>
<?cs call:mail_p(L.mail_staff_digest_at_risk, Mail.data.at_risk, "") ?>
<?cs call:mail_link(L.mail_staff_queue, Mail.queue) ?>
<?cs include:"mail/bottom.cs" ?>

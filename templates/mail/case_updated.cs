<?cs include:"mail/top.cs" ?>
<?cs if:Mail.data.action == "approve" ?>
<?cs call:mail_p(L.mail_approved, Mail.case_no, L.mail_approved_end) ?>
<?cs if:Mail.data.to == "awaiting_return" ?><?cs call:mail_p(L.mail_approved_return, "", "") ?>
<?cs if:Mail.data.address ?><?cs call:mail_more(L.mail_approved_return_to, Mail.data.address, "") ?><?cs /if ?>
<?cs if:Mail.data.due ?><?cs call:mail_p(L.mail_approved_ship_by, Mail.data.due, "") ?><?cs /if ?>
<?cs if:Mail.part != "sms" ?><?cs call:mail_link(L.mail_slip, Mail.link + "/slip") ?><?cs /if ?><?cs /if ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs elif:Mail.data.action == "reject" ?>
<?cs call:mail_p(L.mail_rejected, Mail.case_no, L.mail_rejected_end) ?>
<?cs if:Mail.data.reason ?><?cs call:mail_more(L.mail_reason, Mail.data.reason, "") ?><?cs /if ?>
<?cs call:mail_link(L.mail_resubmit, Mail.link) ?>
<?cs elif:Mail.data.action == "receive" ?>
<?cs call:mail_p(L.mail_received, Mail.case_no, L.mail_received_end) ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs elif:Mail.data.action == "inspect_fail" ?>
<?cs call:mail_p(L.mail_inspect_fail, Mail.case_no, L.mail_inspect_fail_end) ?>
<?cs if:Mail.data.reason ?><?cs call:mail_more(L.mail_reason, Mail.data.reason, "") ?><?cs /if ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs elif:Mail.data.action == "refund" ?>
<?cs call:mail_p(L.mail_refund, Mail.amount, L.mail_refund_end) ?>
<?cs if:Mail.data.reference ?><?cs call:mail_more(L.mail_reference, Mail.data.reference, "") ?><?cs /if ?>
<?cs call:mail_more(L.mail_refund_arrives, "", "") ?>
<?cs if:Mail.data.to == "awaiting_return" ?><?cs call:mail_more(L.mail_approved_return, "", "") ?>
<?cs if:Mail.data.address ?><?cs call:mail_more(L.mail_approved_return_to, Mail.data.address, "") ?><?cs /if ?>
<?cs if:Mail.data.due ?><?cs call:mail_more(L.mail_approved_ship_by, Mail.data.due, "") ?><?cs /if ?>
<?cs if:Mail.part != "sms" ?><?cs call:mail_link(L.mail_slip, Mail.link + "/slip") ?><?cs /if ?><?cs /if ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs elif:Mail.data.action == "refund_failed" ?>
<?cs call:mail_p(L.mail_refund_failed, Mail.amount, L.mail_refund_failed_end) ?>
<?cs if:Mail.data.reason ?><?cs call:mail_more(L.mail_reason, Mail.data.reason, "") ?><?cs /if ?>
<?cs call:mail_more(L.mail_refund_failed_next, "", "") ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs elif:Mail.data.action == "ship" ?>
<?cs call:mail_p(L.mail_shipped, Mail.case_no, L.mail_shipped_end) ?>
<?cs if:Mail.data.reason ?><?cs call:mail_p(L.mail_tracking, Mail.data.reason, "") ?><?cs elif:Mail.data.tracking_no ?><?cs call:mail_p(L.mail_tracking, Mail.data.carrier + " " + Mail.data.tracking_no, "") ?><?cs /if ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs elif:Mail.data.action == "assign" ?>
<?cs call:mail_p(L.mail_assigned, Mail.case_no, L.mail_assigned_end) ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs elif:Mail.data.action == "arrive" ?>
<?cs call:mail_p(L.mail_arrived, Mail.case_no, L.mail_arrived_end) ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs elif:Mail.data.action == "close" && Mail.data.from == "awaiting_return" ?>
<?cs call:mail_p(L.mail_closed_unsent, Mail.case_no, L.mail_closed_unsent_end) ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs elif:Mail.data.action == "complete" ?>
<?cs call:mail_p(L.mail_completed, Mail.case_no, L.mail_completed_end) ?>
<?cs if:Mail.survey ?><?cs call:mail_more(L.mail_survey_ask, "", "") ?><?cs call:mail_link(L.mail_survey, Mail.survey) ?><?cs else ?><?cs call:mail_link(L.mail_view_case, Mail.link) ?><?cs /if ?>
<?cs else ?>
<?cs call:mail_p(L.mail_updated, Mail.case_no, L.mail_updated_end) ?>
<?cs if:Mail.data.reason ?><?cs call:mail_more(L.mail_reason, Mail.data.reason, "") ?><?cs /if ?>
<?cs call:mail_link(L.mail_view_case, Mail.link) ?>
<?cs /if ?>
<?cs include:"mail/bottom.cs" ?>

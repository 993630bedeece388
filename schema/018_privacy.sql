-- 018: personal information (issue 16). The audit trail of what staff do
-- with personal data outside a case's steps (revealing a customer's phone
-- and e-mail, erasing a customer on request) and what the shop did on its
-- own (an erasure the customer asked for, retention runs): kept apart from
-- case_events so that the timeline and every dashboard figure read from it
-- stay as they were; /staff/audit shows both.
CREATE TABLE audit_log (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME NOT NULL,
  staff_id    BIGINT NULL,
  customer_id BIGINT NULL,
  case_id     BIGINT NULL,
  action      VARCHAR(24) NOT NULL,
  note        VARCHAR(255) NULL,
  KEY audit_log_at (at),
  KEY audit_log_staff (staff_id, at),
  KEY audit_log_case (case_id, at)
) ENGINE=InnoDB;

-- When the customer's personal data was erased (NULL: never). An erased
-- account has no password (it cannot sign in) and a placeholder phone.
ALTER TABLE customers ADD COLUMN erased_at DATETIME NULL;

-- Retention of closed cases (days after the case's last change): photos,
-- messages' text, and the personal fields (description, notes, survey
-- comments, complaints' text). Refund records keep amounts, dates and
-- references for retention_refund_days.
INSERT INTO settings (name, value) VALUES
  ('retention_photo_days', '180'),
  ('retention_message_days', '1095'),
  ('retention_personal_days', '1095'),
  ('retention_refund_days', '1825');

-- An erasure reads and changes a customer's rows by these: the feed's
-- events of the customer's cases and the customer's own messages.
ALTER TABLE events ADD KEY events_case (case_id);
ALTER TABLE outbox ADD KEY outbox_customer (customer_id);

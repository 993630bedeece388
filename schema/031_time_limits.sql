-- 031: the time limits as policies (issue 15). The limits that were fixed
-- in cgi/core/timers.c, complaints.h and page_requests.c are settings the
-- policies page edits (sla_*, defaults as before). A change applies to the
-- cases opened after it: every save that changes an sla_* setting writes
-- a new generation of sla_limits, and a case keeps the generation current
-- when it was opened (cases.limits_gen), read once per step. Generation 1
-- is the defaults, which every case opened before this migration had.
INSERT INTO settings (name, value) VALUES
  ('sla_first_response_hours', '2'),
  ('sla_response_policy', 'working'),
  ('sla_ordinary_hours', '24'),
  ('sla_complex_hours', '48'),
  ('sla_review_days', '3'),
  ('sla_payout_days', '5'),
  ('sla_handling_hours', '24'),
  ('sla_followup_hours', '48'),
  ('sla_complaint_days', '1'),
  ('sla_credit_days', '3');

CREATE TABLE sla_limits (
  gen   INT NOT NULL,
  name  VARCHAR(64) NOT NULL,
  value VARCHAR(255) NOT NULL,
  PRIMARY KEY (gen, name)
) ENGINE=InnoDB;

INSERT INTO sla_limits (gen, name, value)
  SELECT 1, name, value FROM settings WHERE name LIKE 'sla\_%';

-- complex: staff marked the case complex (seed 001: a complex question
-- gets the longer response limit, sla_complex_hours).
ALTER TABLE cases ADD COLUMN limits_gen INT NOT NULL DEFAULT 1,
  ADD COLUMN complex TINYINT NOT NULL DEFAULT 0;

-- The audit trail's settings changes carry every changed key with its
-- value before and after: longer than 255 characters for a large save.
ALTER TABLE audit_log MODIFY note TEXT NULL;

-- 035: the case's course (issue 13). A parcel not received: the carrier's
-- claim number logistics records. A disputed inspection: the deduction a
-- partial inspection takes off the refund (fen), the customer's one appeal
-- and the manager's decision; the inspection's photos among the case's
-- attachments.
ALTER TABLE cases
  ADD COLUMN claim_no VARCHAR(40) NULL,
  ADD COLUMN deduction_fen BIGINT NULL,
  ADD COLUMN appeal_reason TEXT NULL,
  ADD COLUMN appealed_at DATETIME NULL,
  ADD COLUMN appeal_decision VARCHAR(8) NULL;
ALTER TABLE attachments
  ADD COLUMN inspection TINYINT(1) NOT NULL DEFAULT 0;

-- 023: the staff desk (issue 14): internal notes, "waiting for our reply",
-- the role views' counts and the queue's sort and search, each by an index
-- so that they stay flat at 1 000 000 cases (docs/features.md "The staff
-- desk" explains the query plans).
--
-- Internal notes: staff only, never in messages, the timeline, the outbox
-- or any customer output.
CREATE TABLE case_notes (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id    BIGINT NOT NULL,
  staff_id   BIGINT NOT NULL,
  body       TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  KEY case_notes_case (case_id, id),
  CONSTRAINT case_notes_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT case_notes_staff_fk FOREIGN KEY (staff_id) REFERENCES staff (id)
) ENGINE=InnoDB;

-- awaiting_reply: a customer's message not yet answered by the team (set
-- and cleared in the message's transaction); staff_replied_at: the team's
-- last message; staff_replies counts the team's messages and replies_seen
-- is that count when the customer last opened the case or wrote ("the
-- shop replied" while it is behind). value_fen: what the case's items were paid (the "amount" sort).
-- queue_risk_at: when the nearest time limit turns "at risk" (80 % used,
-- the rule of sla_state), so the at-risk count reads an index range.
ALTER TABLE cases
  ADD COLUMN awaiting_reply TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN staff_replied_at DATETIME NULL,
  ADD COLUMN staff_replies INT NOT NULL DEFAULT 0,
  ADD COLUMN replies_seen INT NOT NULL DEFAULT 0,
  ADD COLUMN value_fen BIGINT NULL,
  ADD COLUMN queue_risk_at DATETIME
    AS (next_due_start + INTERVAL ((TIMESTAMPDIFF(SECOND, next_due_start, next_due) * 4 + 4) DIV 5) SECOND) PERSISTENT,
  ADD KEY cases_awaiting (awaiting_reply, queue_closed, queue_due, created_at, id),
  ADD KEY cases_state_due (state, queue_due, created_at, id),
  ADD KEY cases_risk (queue_closed, queue_risk_at, queue_due),
  ADD KEY cases_submitted (queue_closed, created_at, id),
  ADD KEY cases_value (queue_closed, value_fen DESC, id DESC);

UPDATE cases c SET value_fen = (SELECT SUM(oi.paid_fen * ci.qty DIV oi.qty)
  FROM case_items ci JOIN order_items oi ON oi.id = ci.order_item_id WHERE ci.case_id = c.id);

-- Search in one box: a customer's name by prefix, a phone by its last four
-- digits.
ALTER TABLE customers
  ADD COLUMN phone_last4 CHAR(4) AS (RIGHT(phone, 4)) PERSISTENT,
  ADD KEY customers_name (name),
  ADD KEY customers_last4 (phone_last4);

-- 026: a complaint to the end (issue 15; 000 §2, 002 §6.3.1): a category,
-- received → handling (the first reply) → resolved (the resolution and
-- any compensation) → closed (the customer confirms, or the days of
-- COMPLAINT_CLOSE_DAYS pass); reopened once by the customer with a reason.
-- due_at is the limit of the step the complaint is in: the first reply,
-- the resolution, or the closing. Praise (表扬) is a row of its own kind
-- with no steps, crediting the member it names (staff_id).
ALTER TABLE complaints
  ADD COLUMN kind ENUM('complaint', 'praise') NOT NULL DEFAULT 'complaint',
  ADD COLUMN category ENUM('attitude', 'delay', 'quality', 'logistics', 'other') NOT NULL DEFAULT 'other',
  ADD COLUMN status ENUM('received', 'handling', 'resolved', 'closed') NOT NULL DEFAULT 'received',
  ADD COLUMN staff_id BIGINT NULL,
  ADD COLUMN resolution TEXT NULL,
  ADD COLUMN compensation_fen BIGINT NULL,
  ADD COLUMN resolved_by BIGINT NULL,
  ADD COLUMN resolved_at DATETIME NULL,
  ADD COLUMN closed_at DATETIME NULL,
  ADD COLUMN closed_by ENUM('customer', 'timeout') NULL,
  ADD COLUMN reopened_at DATETIME NULL,
  ADD COLUMN reopen_reason TEXT NULL,
  ADD KEY complaints_status (kind, status, due_at),
  ADD KEY complaints_praise (kind, staff_id, created_at),
  ADD CONSTRAINT complaints_praised_fk FOREIGN KEY (staff_id) REFERENCES staff (id),
  ADD CONSTRAINT complaints_resolver_fk FOREIGN KEY (resolved_by) REFERENCES staff (id),
  ADD CONSTRAINT complaints_compensation CHECK (compensation_fen IS NULL OR compensation_fen >= 0);

-- Before 026 the first reply settled a complaint: those are resolved by
-- it, and close after the days every resolution gets.
UPDATE complaints SET status = 'resolved', resolution = reply, resolved_by = replied_by,
  resolved_at = replied_at, due_at = replied_at + INTERVAL 7 DAY WHERE replied_at IS NOT NULL;

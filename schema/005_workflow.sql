-- 005: the rest of the state table (DESIGN.md §3): repairs on-site or
-- mailed in, fast refunds, refunds waiting for a manager, who handles a
-- case; and the settings those steps read.
--   repair_mode: a repair's 'on_site' or 'mail_in'; NULL for other types
--   fast_refund: set on approval of a low-risk customer's return
--   pending_refund_fen: in refund_approval, what finance asked to refund
--   refund_approval_fen: high-risk refunds above it wait for a manager
--   service_cities: cities with our own technicians (',' separated); an
--     on-site repair there must be reached in arrival_same_city_hours

ALTER TABLE cases
  ADD COLUMN repair_mode VARCHAR(8) NULL,
  ADD COLUMN fast_refund TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN assignee_id BIGINT NULL,
  ADD COLUMN pending_refund_fen BIGINT NULL,
  ADD KEY cases_assignee (assignee_id, next_due),
  ADD CONSTRAINT cases_assignee_fk FOREIGN KEY (assignee_id) REFERENCES staff (id);

INSERT INTO settings (name, value) VALUES
  ('refund_approval_fen', '50000'),
  ('arrival_same_city_hours', '24'),
  ('arrival_other_city_hours', '72'),
  ('service_cities', '上海');

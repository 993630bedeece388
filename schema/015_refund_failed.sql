-- 015: a refund the payment system could not pay
-- (POST /api/v1/cases/{no}/refunds/{id}/failed): the row stays, with when
-- and why, and stops counting as money paid anywhere; the case goes back
-- to refund_pending and finance pays again, in a new row.
--
-- "One refund per case, ever" (001's refunds_case) becomes one LIVE refund
-- per case: live_case_id is the case while the refund has not failed and
-- NULL after (a UNIQUE key ignores NULLs), so the database itself still
-- refuses a second live refund for a case however the rows are written.
-- The foreign key on case_id needs an index of its own before 001's unique
-- one may go.
ALTER TABLE refunds
  ADD COLUMN failed_at DATETIME NULL,
  ADD COLUMN fail_reason VARCHAR(300) NULL,
  ADD COLUMN live_case_id BIGINT AS (IF(failed_at IS NULL, case_id, NULL)) PERSISTENT,
  ADD KEY refunds_case_id (case_id);

ALTER TABLE refunds
  DROP KEY refunds_case,
  ADD UNIQUE KEY refunds_live_case (live_case_id);

-- The dashboard (009, 010): a refund's day was marked when it was
-- inserted, and the refresh sums the refunds of a day that have not failed
-- (cgi/domain/dashboard_refresh.c): a failure, or any change of the day or
-- the amount, marks the day(s) again so the figure drops the money that
-- never left. In 010's style: a plain INSERT, nothing in a bulk load.
CREATE TRIGGER stats_refunds_upd AFTER UPDATE ON refunds FOR EACH ROW
IF @aftercare_bulk_load IS NULL AND (NOT (OLD.failed_at <=> NEW.failed_at)
    OR OLD.created_at <> NEW.created_at OR OLD.amount_fen <> NEW.amount_fen) THEN
  INSERT INTO stats_dirty (day) VALUES
    (DATE(OLD.created_at + INTERVAL 8 HOUR)), (DATE(NEW.created_at + INTERVAL 8 HOUR)); END IF;

-- The per-item money refunded (011's item_counts.refunded_fen: what
-- /my/orders and a new case check against) counts live refunds only: a
-- failure takes its split back out (and an undone failure would put it
-- back); the triggers of refund_items count a row only while its refund
-- is live.
CREATE TRIGGER item_counts_refunds_upd AFTER UPDATE ON refunds FOR EACH ROW
  UPDATE item_counts f JOIN refund_items ri ON ri.order_item_id = f.order_item_id
  SET f.refunded_fen = f.refunded_fen + ri.amount_fen *
        (IF(NEW.failed_at IS NULL, 1, 0) - IF(OLD.failed_at IS NULL, 1, 0))
  WHERE ri.refund_id = NEW.id AND NOT (OLD.failed_at <=> NEW.failed_at);

CREATE OR REPLACE TRIGGER item_counts_refund_items_ins AFTER INSERT ON refund_items FOR EACH ROW
  INSERT INTO item_counts (order_item_id, refunded_fen)
    SELECT NEW.order_item_id, NEW.amount_fen FROM refunds r
    WHERE r.id = NEW.refund_id AND r.failed_at IS NULL
  ON DUPLICATE KEY UPDATE refunded_fen = refunded_fen + VALUES(refunded_fen);

CREATE OR REPLACE TRIGGER item_counts_refund_items_del AFTER DELETE ON refund_items FOR EACH ROW
  UPDATE item_counts f JOIN refunds r ON r.id = OLD.refund_id
  SET f.refunded_fen = f.refunded_fen - OLD.amount_fen
  WHERE f.order_item_id = OLD.order_item_id AND r.failed_at IS NULL;

CREATE OR REPLACE TRIGGER item_counts_refund_items_upd AFTER UPDATE ON refund_items FOR EACH ROW
  UPDATE item_counts f JOIN refunds r ON r.id = NEW.refund_id
  SET f.refunded_fen = f.refunded_fen - OLD.amount_fen + NEW.amount_fen
  WHERE f.order_item_id = NEW.order_item_id AND OLD.order_item_id = NEW.order_item_id
    AND OLD.refund_id = NEW.refund_id AND r.failed_at IS NULL;

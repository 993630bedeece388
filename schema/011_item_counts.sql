-- 011: facts the pages read on every view, kept current as the rows they
-- come from change instead of aggregated on every view (measured with
-- scripts/bench.sh at 100 000 cases).
--
-- item_counts: per order item, the units in open cases, the units returned
-- in completed return_refund cases and the money refunded — what /my/orders
-- and a new case check against (struct item_facts, cgi/rules.h). Before
-- this, every orders page grouped the items' cases and summed their
-- refund_items. "Open" is not one of the final states of cgi/workflow.c
-- (completed, rejected, cancelled, closed), as in 006's queue_closed.
--
-- The triggers run inside the transaction of the write that fires them
-- (a case created, moved, resubmitted or deleted; a refund): the counters
-- are never seen out of step with their cases, and writes that do not go
-- through cgi/cases.c (the generator, imports, tests) keep them too.
CREATE TABLE item_counts (
  order_item_id BIGINT NOT NULL PRIMARY KEY,
  qty_open      INT NOT NULL DEFAULT 0,
  qty_returned  INT NOT NULL DEFAULT 0,
  refunded_fen  BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT item_counts_item_fk FOREIGN KEY (order_item_id) REFERENCES order_items (id)
    ON DELETE CASCADE
) ENGINE=InnoDB;

-- A case's items count as open / returned by its state and type.
CREATE TRIGGER item_counts_case_items_ins AFTER INSERT ON case_items FOR EACH ROW
  INSERT INTO item_counts (order_item_id, qty_open, qty_returned)
    SELECT NEW.order_item_id,
           IF(c.state IN ('completed', 'rejected', 'cancelled', 'closed'), 0, NEW.qty),
           IF(c.state = 'completed' AND c.type = 'return_refund', NEW.qty, 0)
    FROM cases c WHERE c.id = NEW.case_id
  ON DUPLICATE KEY UPDATE qty_open = qty_open + VALUES(qty_open),
                          qty_returned = qty_returned + VALUES(qty_returned);

CREATE TRIGGER item_counts_case_items_del AFTER DELETE ON case_items FOR EACH ROW
  UPDATE item_counts f JOIN cases c ON c.id = OLD.case_id
  SET f.qty_open = f.qty_open -
        IF(c.state IN ('completed', 'rejected', 'cancelled', 'closed'), 0, OLD.qty),
      f.qty_returned = f.qty_returned -
        IF(c.state = 'completed' AND c.type = 'return_refund', OLD.qty, 0)
  WHERE f.order_item_id = OLD.order_item_id;

-- A step that moves a case into or out of a final state (or changes its
-- type) moves its items' units; any other update of cases changes nothing.
CREATE TRIGGER item_counts_cases_upd AFTER UPDATE ON cases FOR EACH ROW
  UPDATE item_counts f JOIN case_items ci ON ci.order_item_id = f.order_item_id
  SET f.qty_open = f.qty_open + ci.qty *
        (IF(NEW.state IN ('completed', 'rejected', 'cancelled', 'closed'), 0, 1) -
         IF(OLD.state IN ('completed', 'rejected', 'cancelled', 'closed'), 0, 1)),
      f.qty_returned = f.qty_returned + ci.qty *
        (IF(NEW.state = 'completed' AND NEW.type = 'return_refund', 1, 0) -
         IF(OLD.state = 'completed' AND OLD.type = 'return_refund', 1, 0))
  WHERE ci.case_id = NEW.id AND (NEW.state <> OLD.state OR NEW.type <> OLD.type);

CREATE TRIGGER item_counts_refund_items_ins AFTER INSERT ON refund_items FOR EACH ROW
  INSERT INTO item_counts (order_item_id, refunded_fen) VALUES (NEW.order_item_id, NEW.amount_fen)
  ON DUPLICATE KEY UPDATE refunded_fen = refunded_fen + VALUES(refunded_fen);

CREATE TRIGGER item_counts_refund_items_del AFTER DELETE ON refund_items FOR EACH ROW
  UPDATE item_counts SET refunded_fen = refunded_fen - OLD.amount_fen
  WHERE order_item_id = OLD.order_item_id;

CREATE TRIGGER item_counts_refund_items_upd AFTER UPDATE ON refund_items FOR EACH ROW
  UPDATE item_counts SET refunded_fen = refunded_fen - OLD.amount_fen + NEW.amount_fen
  WHERE order_item_id = NEW.order_item_id AND OLD.order_item_id = NEW.order_item_id;

CREATE TRIGGER item_counts_case_items_upd AFTER UPDATE ON case_items FOR EACH ROW
  UPDATE item_counts f JOIN cases c ON c.id = NEW.case_id
  SET f.qty_open = f.qty_open + (NEW.qty - OLD.qty) *
        IF(c.state IN ('completed', 'rejected', 'cancelled', 'closed'), 0, 1),
      f.qty_returned = f.qty_returned + (NEW.qty - OLD.qty) *
        IF(c.state = 'completed' AND c.type = 'return_refund', 1, 0)
  WHERE f.order_item_id = NEW.order_item_id AND OLD.order_item_id = NEW.order_item_id
    AND OLD.case_id = NEW.case_id;

-- The backfill: what the GROUP BY of cgi/orders.c computed until now.
INSERT INTO item_counts (order_item_id, qty_open, qty_returned, refunded_fen)
  SELECT i.id,
         COALESCE((SELECT SUM(ci.qty) FROM case_items ci JOIN cases c ON c.id = ci.case_id
                   WHERE ci.order_item_id = i.id
                     AND c.state NOT IN ('completed', 'rejected', 'cancelled', 'closed')), 0),
         COALESCE((SELECT SUM(ci.qty) FROM case_items ci JOIN cases c ON c.id = ci.case_id
                   WHERE ci.order_item_id = i.id
                     AND c.state = 'completed' AND c.type = 'return_refund'), 0),
         COALESCE((SELECT SUM(ri.amount_fen) FROM refund_items ri
                   WHERE ri.order_item_id = i.id), 0)
  FROM order_items i
  WHERE EXISTS (SELECT 1 FROM case_items ci WHERE ci.order_item_id = i.id)
     OR EXISTS (SELECT 1 FROM refund_items ri WHERE ri.order_item_id = i.id);

-- The business calendar's overrides, the rules of /my/orders (settings,
-- categories) and the staff list of the queue's filter change only through
-- the manager's pages, a sign-out or by hand: a
-- generation number per kind, bumped by every change, lets each daemon
-- thread keep what it loaded and check with one column of a statement it
-- runs anyway that it is still current, so a change shows on the very next
-- request.
CREATE TABLE data_versions (
  name VARCHAR(16) NOT NULL PRIMARY KEY,
  gen  BIGINT NOT NULL
) ENGINE=InnoDB;

INSERT INTO data_versions (name, gen) VALUES ('calendar', 1), ('rules', 1), ('staff', 1);

CREATE TRIGGER data_versions_cal_ins AFTER INSERT ON calendar_overrides FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'calendar';

CREATE TRIGGER data_versions_cal_upd AFTER UPDATE ON calendar_overrides FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'calendar';

CREATE TRIGGER data_versions_cal_del AFTER DELETE ON calendar_overrides FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'calendar';

CREATE TRIGGER data_versions_settings_ins AFTER INSERT ON settings FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'rules';

CREATE TRIGGER data_versions_settings_upd AFTER UPDATE ON settings FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'rules';

CREATE TRIGGER data_versions_settings_del AFTER DELETE ON settings FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'rules';

CREATE TRIGGER data_versions_categories_ins AFTER INSERT ON categories FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'rules';

CREATE TRIGGER data_versions_categories_upd AFTER UPDATE ON categories FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'rules';

CREATE TRIGGER data_versions_categories_del AFTER DELETE ON categories FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'rules';

CREATE TRIGGER data_versions_staff_ins AFTER INSERT ON staff FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'staff';

CREATE TRIGGER data_versions_staff_upd AFTER UPDATE ON staff FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'staff';

CREATE TRIGGER data_versions_staff_del AFTER DELETE ON staff FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'staff';

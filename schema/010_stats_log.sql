-- 010: stats_dirty becomes an append-only log of changed days, and a
-- bulk load can leave it alone.
--
-- With `day` as its primary key, every trigger of 009 (INSERT IGNORE)
-- took a lock on the day's row, several days per case step in varying
-- order, so concurrent steps deadlocked (15 times in 15 s of the load
-- test) and were retried by db_tx. Without a unique key on `day` an
-- insert checks no duplicate and waits for no other transaction. A read
-- takes the DISTINCT days of its period and deletes all of their rows
-- before recomputing them (cgi/dashboard.c).
--
-- The triggers are those of 009 with two changes: a plain INSERT, and
-- nothing done in a session that has set @aftercare_bulk_load (only
-- `aftercare-admin generate`, which marks each day it wrote once at the
-- end instead of once per row).
ALTER TABLE stats_dirty
  DROP PRIMARY KEY,
  ADD id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST,
  ADD KEY stats_dirty_day (day);

CREATE OR REPLACE TRIGGER stats_cases_ins AFTER INSERT ON cases FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day) VALUES (DATE(NEW.created_at + INTERVAL 8 HOUR)); END IF;

CREATE OR REPLACE TRIGGER stats_cases_upd AFTER UPDATE ON cases FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day) VALUES
    (DATE(NEW.created_at + INTERVAL 8 HOUR)), (DATE(NEW.updated_at + INTERVAL 8 HOUR)); END IF;

-- An event moves the case's figures: its own day, the day of the case's
-- previous event (a final state left), the day the case came in (first
-- response, who handles it), every day the case was completed (a reopen
-- undoes first-contact resolution), and for goods received the day their
-- order was placed (return rate).
CREATE OR REPLACE TRIGGER stats_events_ins AFTER INSERT ON case_events FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(NEW.at + INTERVAL 8 HOUR)
    UNION SELECT DATE(c.created_at + INTERVAL 8 HOUR) FROM cases c WHERE c.id = NEW.case_id
    UNION SELECT DATE(e.at + INTERVAL 8 HOUR) FROM case_events e
      WHERE e.case_id = NEW.case_id AND e.id < NEW.id
        AND (e.to_state = 'completed' OR e.id = (SELECT MAX(p.id) FROM case_events p
                                                 WHERE p.case_id = NEW.case_id AND p.id < NEW.id))
    UNION SELECT DATE(o.placed_at + INTERVAL 8 HOUR) FROM cases c JOIN orders o ON o.id = c.order_id
      WHERE c.id = NEW.case_id AND NEW.action = 'receive'; END IF;

CREATE OR REPLACE TRIGGER stats_timers_ins AFTER INSERT ON case_timers FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(NEW.due_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(c.created_at + INTERVAL 8 HOUR) FROM cases c WHERE c.id = NEW.case_id; END IF;

CREATE OR REPLACE TRIGGER stats_timers_upd AFTER UPDATE ON case_timers FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(NEW.due_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(OLD.due_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(c.created_at + INTERVAL 8 HOUR) FROM cases c WHERE c.id = NEW.case_id; END IF;

CREATE OR REPLACE TRIGGER stats_refunds_ins AFTER INSERT ON refunds FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day) VALUES (DATE(NEW.created_at + INTERVAL 8 HOUR)); END IF;

CREATE OR REPLACE TRIGGER stats_surveys_ins AFTER INSERT ON surveys FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(NEW.invited_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(NEW.answered_at + INTERVAL 8 HOUR) FROM DUAL
      WHERE NEW.answered_at IS NOT NULL; END IF;

CREATE OR REPLACE TRIGGER stats_surveys_upd AFTER UPDATE ON surveys FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(NEW.invited_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(NEW.answered_at + INTERVAL 8 HOUR) FROM DUAL WHERE NEW.answered_at IS NOT NULL
    UNION SELECT DATE(OLD.answered_at + INTERVAL 8 HOUR) FROM DUAL
      WHERE OLD.answered_at IS NOT NULL; END IF;

-- A complaint about a case undoes its first-contact resolution.
CREATE OR REPLACE TRIGGER stats_complaints_ins AFTER INSERT ON complaints FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(NEW.created_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(e.at + INTERVAL 8 HOUR) FROM case_events e
      WHERE e.case_id = NEW.case_id AND e.to_state = 'completed'; END IF;

-- A new order may be the repurchase of a case completed in the 90 days
-- before it.
CREATE OR REPLACE TRIGGER stats_orders_ins AFTER INSERT ON orders FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(NEW.placed_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(e.at + INTERVAL 8 HOUR) FROM cases c JOIN case_events e ON e.case_id = c.id
      WHERE c.customer_id = NEW.customer_id AND e.to_state = 'completed'
        AND e.at >= NEW.placed_at - INTERVAL 90 DAY AND e.at < NEW.placed_at; END IF;

CREATE OR REPLACE TRIGGER stats_orders_upd AFTER UPDATE ON orders FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day) VALUES
    (DATE(NEW.placed_at + INTERVAL 8 HOUR)), (DATE(OLD.placed_at + INTERVAL 8 HOUR)); END IF;

CREATE OR REPLACE TRIGGER stats_order_items_ins AFTER INSERT ON order_items FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(o.placed_at + INTERVAL 8 HOUR) FROM orders o WHERE o.id = NEW.order_id; END IF;

CREATE OR REPLACE TRIGGER stats_order_items_upd AFTER UPDATE ON order_items FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(o.placed_at + INTERVAL 8 HOUR) FROM orders o WHERE o.id = NEW.order_id; END IF;

CREATE OR REPLACE TRIGGER stats_case_items_ins AFTER INSERT ON case_items FOR EACH ROW
IF @aftercare_bulk_load IS NULL THEN
  INSERT INTO stats_dirty (day)
    SELECT DATE(o.placed_at + INTERVAL 8 HOUR)
    FROM order_items i JOIN orders o ON o.id = i.order_id WHERE i.id = NEW.order_item_id; END IF;

-- 009: the dashboard's daily summaries (DESIGN.md §3 "Metrics"; README
-- "Dashboard at scale"). Every figure of the dashboard and performance
-- pages is a sum over local days (Asia/Shanghai) of these rows, so a year
-- reads a few hundred thousand narrow rows instead of millions of events.
--
-- stats_day: per local day, dimension and value, one row per metric:
--   n, total (a sum) and sumsq (a sum of squares) — struct moments.
--   dim 'a' all cases (val ''), 't' type, 'r' reason, 'c' channel,
--   's' staff (val = staff id: the staff member of the case's first staff
--   event). The metric numbers are those of cgi/dashboard.h.
-- stats_hist: counts per bucket of the same keys: times in minutes
--   rounded down to two significant figures (percentiles), ratings 0..10.
-- stats_days: when each day was last computed. stats_dirty: days a write
--   has changed since (kept by the triggers below, so no write path of the
--   application has to know about the summaries). A read refreshes the
--   days of its period that are dirty, never computed, or whose figures
--   move with the clock (running timers falling due, 90-day windows
--   ending), then sums.

CREATE TABLE stats_day (
  dim    CHAR(1) NOT NULL,
  day    DATE NOT NULL,
  val    VARCHAR(24) NOT NULL,
  metric TINYINT UNSIGNED NOT NULL,
  n      BIGINT NOT NULL,
  total  BIGINT NOT NULL,
  sumsq  DOUBLE NOT NULL,
  PRIMARY KEY (dim, day, val, metric)
) ENGINE=InnoDB;

CREATE TABLE stats_hist (
  dim    CHAR(1) NOT NULL,
  day    DATE NOT NULL,
  val    VARCHAR(24) NOT NULL,
  metric TINYINT UNSIGNED NOT NULL,
  bucket INT NOT NULL,
  n      BIGINT NOT NULL,
  PRIMARY KEY (dim, day, val, metric, bucket)
) ENGINE=InnoDB;

-- The same sums per calendar month, for months that have ended: a long
-- period reads its whole months here and only its first and last days
-- from the daily rows. stats_months says when a month was summed; it is
-- summed again when one of its days has been recomputed since.
CREATE TABLE stats_day_m (
  dim    CHAR(1) NOT NULL,
  month  DATE NOT NULL,
  val    VARCHAR(24) NOT NULL,
  metric TINYINT UNSIGNED NOT NULL,
  n      BIGINT NOT NULL,
  total  BIGINT NOT NULL,
  sumsq  DOUBLE NOT NULL,
  PRIMARY KEY (dim, month, val, metric)
) ENGINE=InnoDB;

CREATE TABLE stats_hist_m (
  dim    CHAR(1) NOT NULL,
  month  DATE NOT NULL,
  val    VARCHAR(24) NOT NULL,
  metric TINYINT UNSIGNED NOT NULL,
  bucket INT NOT NULL,
  n      BIGINT NOT NULL,
  PRIMARY KEY (dim, month, val, metric, bucket)
) ENGINE=InnoDB;

CREATE TABLE stats_months (
  month    DATE NOT NULL PRIMARY KEY,
  built_at DATETIME NOT NULL
) ENGINE=InnoDB;

CREATE TABLE stats_days (
  day          DATE NOT NULL PRIMARY KEY,
  refreshed_at DATETIME NOT NULL
) ENGINE=InnoDB;

CREATE TABLE stats_dirty (
  day DATE NOT NULL PRIMARY KEY
) ENGINE=InnoDB;

-- The dimensions a case row is counted under (joined to spread one row
-- into its five groups).
CREATE TABLE stats_dims (
  dim CHAR(1) NOT NULL PRIMARY KEY
) ENGINE=InnoDB;
INSERT INTO stats_dims (dim) VALUES ('a'), ('t'), ('r'), ('c'), ('s');

-- The weights of the staff score (0..100 each), set by a manager.
INSERT INTO settings (name, value) VALUES
  ('score_weight_first_response', '30'),
  ('score_weight_resolution', '20'),
  ('score_weight_fcr', '20'),
  ('score_weight_csat', '30');

-- What the refresh reads by time (cases.created_at and refunds.created_at
-- have theirs from 007).
ALTER TABLE case_events ADD KEY case_events_to_state (to_state, at);
ALTER TABLE case_timers ADD KEY case_timers_due (due_at);
ALTER TABLE orders ADD KEY orders_placed (placed_at, customer_id);
ALTER TABLE orders ADD KEY orders_updated (updated_at);

-- The complaint rate's denominator, distinct customers with an order in a
-- period, is no sum of days; it is kept per period and trusted while the
-- orders have not changed since (same newest id and newest updated_at,
-- counted in a later second than that update).
CREATE TABLE stats_customers_cache (
  period_from   DATE NOT NULL,
  period_to     DATE NOT NULL,
  max_order_id  BIGINT NOT NULL,
  max_updated   DATETIME NOT NULL,
  computed_at   DATETIME NOT NULL,
  customers     BIGINT NOT NULL,
  PRIMARY KEY (period_from, period_to)
) ENGINE=InnoDB;

-- ---- dirty days ----
CREATE TRIGGER stats_cases_ins AFTER INSERT ON cases FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day) VALUES (DATE(NEW.created_at + INTERVAL 8 HOUR));

CREATE TRIGGER stats_cases_upd AFTER UPDATE ON cases FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day) VALUES
    (DATE(NEW.created_at + INTERVAL 8 HOUR)), (DATE(NEW.updated_at + INTERVAL 8 HOUR));

-- An event moves the case's figures: its own day, the day of the case's
-- previous event (a final state left), the day the case came in (first
-- response, who handles it), every day the case was completed (a reopen
-- undoes first-contact resolution), and for goods received the day their
-- order was placed (return rate).
CREATE TRIGGER stats_events_ins AFTER INSERT ON case_events FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(NEW.at + INTERVAL 8 HOUR)
    UNION SELECT DATE(c.created_at + INTERVAL 8 HOUR) FROM cases c WHERE c.id = NEW.case_id
    UNION SELECT DATE(e.at + INTERVAL 8 HOUR) FROM case_events e
      WHERE e.case_id = NEW.case_id AND e.id < NEW.id
        AND (e.to_state = 'completed' OR e.id = (SELECT MAX(p.id) FROM case_events p
                                                 WHERE p.case_id = NEW.case_id AND p.id < NEW.id))
    UNION SELECT DATE(o.placed_at + INTERVAL 8 HOUR) FROM cases c JOIN orders o ON o.id = c.order_id
      WHERE c.id = NEW.case_id AND NEW.action = 'receive';

CREATE TRIGGER stats_timers_ins AFTER INSERT ON case_timers FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(NEW.due_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(c.created_at + INTERVAL 8 HOUR) FROM cases c WHERE c.id = NEW.case_id;

CREATE TRIGGER stats_timers_upd AFTER UPDATE ON case_timers FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(NEW.due_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(OLD.due_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(c.created_at + INTERVAL 8 HOUR) FROM cases c WHERE c.id = NEW.case_id;

CREATE TRIGGER stats_refunds_ins AFTER INSERT ON refunds FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day) VALUES (DATE(NEW.created_at + INTERVAL 8 HOUR));

CREATE TRIGGER stats_surveys_ins AFTER INSERT ON surveys FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(NEW.invited_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(NEW.answered_at + INTERVAL 8 HOUR) FROM DUAL WHERE NEW.answered_at IS NOT NULL;

CREATE TRIGGER stats_surveys_upd AFTER UPDATE ON surveys FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(NEW.invited_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(NEW.answered_at + INTERVAL 8 HOUR) FROM DUAL WHERE NEW.answered_at IS NOT NULL
    UNION SELECT DATE(OLD.answered_at + INTERVAL 8 HOUR) FROM DUAL WHERE OLD.answered_at IS NOT NULL;

-- A complaint about a case undoes its first-contact resolution.
CREATE TRIGGER stats_complaints_ins AFTER INSERT ON complaints FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(NEW.created_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(e.at + INTERVAL 8 HOUR) FROM case_events e
      WHERE e.case_id = NEW.case_id AND e.to_state = 'completed';

-- A new order may be the repurchase of a case completed in the 90 days
-- before it.
CREATE TRIGGER stats_orders_ins AFTER INSERT ON orders FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(NEW.placed_at + INTERVAL 8 HOUR)
    UNION SELECT DATE(e.at + INTERVAL 8 HOUR) FROM cases c JOIN case_events e ON e.case_id = c.id
      WHERE c.customer_id = NEW.customer_id AND e.to_state = 'completed'
        AND e.at >= NEW.placed_at - INTERVAL 90 DAY AND e.at < NEW.placed_at;

CREATE TRIGGER stats_orders_upd AFTER UPDATE ON orders FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day) VALUES
    (DATE(NEW.placed_at + INTERVAL 8 HOUR)), (DATE(OLD.placed_at + INTERVAL 8 HOUR));

CREATE TRIGGER stats_order_items_ins AFTER INSERT ON order_items FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(o.placed_at + INTERVAL 8 HOUR) FROM orders o WHERE o.id = NEW.order_id;

CREATE TRIGGER stats_order_items_upd AFTER UPDATE ON order_items FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(o.placed_at + INTERVAL 8 HOUR) FROM orders o WHERE o.id = NEW.order_id;

CREATE TRIGGER stats_case_items_ins AFTER INSERT ON case_items FOR EACH ROW
  INSERT IGNORE INTO stats_dirty (day)
    SELECT DATE(o.placed_at + INTERVAL 8 HOUR)
    FROM order_items i JOIN orders o ON o.id = i.order_id WHERE i.id = NEW.order_item_id;

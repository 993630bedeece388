-- gen-volume.sql — a large synthetic history for the dashboard benchmark,
-- made inside MariaDB with the SEQUENCE engine (seq_1_to_N), so no rows
-- travel over the client connection. Run by scripts/bench-dashboard.sh on
-- its own stack (never the test stack):
--   mariadb --defaults-file=var/run/my.cnf -D aftercare \
--     -e "SET @cases = 1000000, @days = 730; SOURCE scripts/gen-volume.sql"
-- @cases cases spread evenly over the last @days days, each with its order
-- and item, events (submit, the first staff step, receive, completion),
-- time limits, and for completed ones refunds, survey invitations and
-- answers; 3 % get a complaint; a quarter of the customers order again.
-- Values come from a multiplicative hash of the case number, so a run is
-- repeatable. The application's triggers (schema/009) run on every row,
-- as they would on real writes. Ids start at 10 000 000: clear of demo data.

SET @base = 10000000;
SET @now = UTC_TIMESTAMP();
SET @start = @now - INTERVAL @days DAY;
SET @span = @days * 86400;
SET @customers = GREATEST(@cases DIV 5, 1);
SET @staff_min = (SELECT MIN(id) FROM staff);
SET @staff_n = (SELECT COUNT(*) FROM staff);

-- The plan of every case, then the tables from it.
DROP TABLE IF EXISTS gen_plan;
CREATE TABLE gen_plan (
  seq        BIGINT NOT NULL PRIMARY KEY,
  h          BIGINT NOT NULL,
  customer   BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  type       VARCHAR(16) NOT NULL,
  reason     VARCHAR(24) NOT NULL,
  channel    VARCHAR(10) NOT NULL,
  state      VARCHAR(24) NOT NULL,
  staff      BIGINT NOT NULL,
  frt        INT NOT NULL,
  res        INT NOT NULL
) ENGINE=InnoDB;

INSERT INTO gen_plan
SELECT s.seq, (s.seq * 2654435761) % 4294967291,
       @base + 1 + (s.seq * 7919) % @customers,
       @start + INTERVAL (s.seq * @span DIV @cases) SECOND,
       ELT(1 + s.seq % 4, 'return_refund', 'exchange', 'refund_only', 'repair'),
       ELT(1 + (s.seq DIV 4) % 7, 'quality_defect', 'not_as_described', 'damaged_in_transit',
           'wrong_item', 'missing_parts', 'no_reason', 'other'),
       ELT(1 + (s.seq * 31) % 10, 'online', 'online', 'online', 'online', 'online', 'phone',
           'phone', 'email', 'chat', 'social'),
       'submitted', 0, 0, 0
FROM seq_1_to_100000000 s WHERE s.seq <= @cases;

UPDATE gen_plan SET
  staff = @staff_min + h % @staff_n,
  frt = 60 + h % 36000,
  res = 86400 + (h DIV 7) % (13 * 86400),
  state = CASE WHEN h % 100 < 80 THEN 'completed' WHEN h % 100 < 88 THEN 'rejected'
               WHEN h % 100 < 93 THEN 'cancelled' ELSE 'approved' END;
-- the newest cases are still open
UPDATE gen_plan SET state = 'approved'
  WHERE state = 'completed' AND created_at + INTERVAL res SECOND > @now;

INSERT INTO customers (id, phone, email, name, city, created_at)
SELECT @base + s.seq, CONCAT('170', LPAD(s.seq, 8, '0')), NULL, CONCAT('客户', s.seq),
       ELT(1 + s.seq % 3, '上海', '北京', '广州'), @start - INTERVAL 60 DAY
FROM seq_1_to_100000000 s WHERE s.seq <= @customers;

-- one order per case, placed a few days before it; plus repeat orders
INSERT INTO orders (id, order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
SELECT @base + p.seq, CONCAT('GV', p.seq), p.customer,
       p.created_at - INTERVAL (3 + p.h % 5) DAY, p.created_at - INTERVAL (1 + p.h % 2) DAY,
       'alipay', p.created_at
FROM gen_plan p;
INSERT INTO order_items (id, order_id, sku, name, category, qty, unit_price_fen, paid_fen)
SELECT @base + p.seq, @base + p.seq, CONCAT('SKU', p.h % 500), '商品', 'electronics',
       1 + p.h % 3, 5000 + p.h % 50000, (1 + p.h % 3) * (5000 + p.h % 50000)
FROM gen_plan p;
INSERT INTO orders (id, order_no, customer_id, placed_at, delivered_at, payment_method, updated_at)
SELECT @base + @cases + p.seq, CONCAT('GR', p.seq), p.customer,
       p.created_at + INTERVAL (10 + p.h % 150) DAY, NULL, 'wechat', p.created_at
FROM gen_plan p WHERE p.h % 4 = 0 AND p.created_at + INTERVAL (10 + p.h % 150) DAY < @now;
INSERT INTO order_items (id, order_id, sku, name, category, qty, unit_price_fen, paid_fen)
SELECT @base + @cases + p.seq, @base + @cases + p.seq, 'SKU-R', '商品', 'clothing', 1, 9900, 9900
FROM gen_plan p WHERE p.h % 4 = 0 AND p.created_at + INTERVAL (10 + p.h % 150) DAY < @now;

INSERT INTO cases (id, case_no, customer_id, order_id, type, reason, description, amount_fen,
                   state, version, revision, channel, nonce, created_at, updated_at)
SELECT @base + p.seq, CONCAT('GV', LPAD(p.seq, 10, '0')), p.customer, @base + p.seq, p.type,
       p.reason, '', NULL, p.state, 3, 1 + (p.h % 20 = 0), p.channel, CONCAT('gv', p.seq),
       p.created_at, p.created_at + INTERVAL p.res SECOND
FROM gen_plan p;
INSERT INTO case_items (case_id, order_item_id, qty)
SELECT @base + p.seq, @base + p.seq, 1 FROM gen_plan p WHERE p.type = 'return_refund';

-- events: submit; the first staff step (approve, or reject); goods back;
-- completion or cancellation
INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state)
SELECT @base + p.seq, p.created_at, 'c', p.customer, 'submit', NULL, 'submitted' FROM gen_plan p;
INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state)
SELECT @base + p.seq, p.created_at + INTERVAL p.frt SECOND, 's', p.staff,
       IF(p.state = 'rejected', 'reject', 'approve'), 'submitted',
       IF(p.state = 'rejected', 'rejected', 'approved')
FROM gen_plan p WHERE p.state <> 'cancelled';
INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state)
SELECT @base + p.seq, p.created_at + INTERVAL (p.res DIV 2) SECOND, 's', p.staff, 'receive',
       'approved', 'received'
FROM gen_plan p WHERE p.state = 'completed' AND p.type = 'return_refund';
INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state)
SELECT @base + p.seq, p.created_at + INTERVAL p.res SECOND, 's', p.staff, 'complete',
       'approved', 'completed'
FROM gen_plan p WHERE p.state = 'completed';
INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state)
SELECT @base + p.seq, p.created_at + INTERVAL 600 SECOND, 'c', p.customer, 'cancel',
       'submitted', 'cancelled'
FROM gen_plan p WHERE p.state = 'cancelled';

-- time limits: first response (2 h), handling (24 h), refund review (3 days)
INSERT INTO case_timers (case_id, timer, started_at, due_at, stopped_at)
SELECT @base + p.seq, 'first_response', p.created_at, p.created_at + INTERVAL 2 HOUR,
       IF(p.state = 'cancelled', NULL, p.created_at + INTERVAL p.frt SECOND)
FROM gen_plan p;
INSERT INTO case_timers (case_id, timer, started_at, due_at, stopped_at)
SELECT @base + p.seq, 'handling', p.created_at + INTERVAL p.frt SECOND,
       p.created_at + INTERVAL p.frt SECOND + INTERVAL 24 HOUR,
       IF(p.state = 'completed', p.created_at + INTERVAL p.res SECOND, NULL)
FROM gen_plan p WHERE p.state IN ('completed', 'approved');
INSERT INTO case_timers (case_id, timer, started_at, due_at, stopped_at)
SELECT @base + p.seq, 'review', p.created_at, p.created_at + INTERVAL 3 DAY,
       p.created_at + INTERVAL p.frt SECOND
FROM gen_plan p WHERE p.type IN ('return_refund', 'refund_only') AND p.state <> 'cancelled';

INSERT INTO refunds (id, case_id, amount_fen, reference, staff_id, created_at)
SELECT @base + p.seq, @base + p.seq, 1000 + p.h % 99000, CONCAT('R', p.seq), p.staff,
       p.created_at + INTERVAL p.res SECOND
FROM gen_plan p WHERE p.state = 'completed' AND p.type IN ('return_refund', 'refund_only');

-- surveys: every completion invites, 60 % answer a day later
INSERT INTO surveys (case_id, invited_at, expires_at, answered_at, attitude, speed, resolution,
                     overall, recommend, comment)
SELECT @base + p.seq, p.created_at + INTERVAL p.res SECOND,
       p.created_at + INTERVAL p.res SECOND + INTERVAL 30 DAY,
       IF(a.yes, p.created_at + INTERVAL p.res SECOND + INTERVAL 1 DAY, NULL),
       IF(a.yes, 1 + (p.h DIV 3) % 5, NULL), IF(a.yes, 1 + (p.h DIV 5) % 5, NULL),
       IF(a.yes, 1 + (p.h DIV 11) % 5, NULL), IF(a.yes, 2 + (p.h DIV 13) % 4, NULL),
       IF(a.yes, (p.h DIV 17) % 11, NULL), NULL
FROM gen_plan p JOIN (SELECT seq, (h DIV 23) % 10 < 6 yes FROM gen_plan) a ON a.seq = p.seq
WHERE p.state = 'completed' AND p.created_at + INTERVAL p.res SECOND + INTERVAL 1 DAY < @now;

INSERT INTO complaints (customer_id, case_id, subject, body, created_at, due_at)
SELECT p.customer, @base + p.seq, '投诉', '', p.created_at + INTERVAL 2 DAY,
       p.created_at + INTERVAL 3 DAY
FROM gen_plan p WHERE p.h % 100 = 7 AND p.created_at + INTERVAL 2 DAY < @now;

DROP TABLE gen_plan;

-- 001: customers, staff, orders from the shop, cases with their items,
-- timeline and photos, settings and category rules, login throttling.
-- Times are UTC DATETIME; money is BIGINT fen.

CREATE TABLE settings (
  name  VARCHAR(64) NOT NULL PRIMARY KEY,
  value VARCHAR(255) NOT NULL
) ENGINE=InnoDB;

INSERT INTO settings (name, value) VALUES
  ('no_reason_days', '7'),
  ('quality_return_days', '7'),
  ('quality_exchange_days', '15'),
  ('quality_repair_days', '15'),
  ('refund_only_days', '15');

CREATE TABLE categories (
  code          VARCHAR(32) NOT NULL PRIMARY KEY,
  no_reason_ok  TINYINT(1) NOT NULL,
  returnable    TINYINT(1) NOT NULL,
  warranty_days INT NOT NULL
) ENGINE=InnoDB;

INSERT INTO categories (code, no_reason_ok, returnable, warranty_days) VALUES
  ('electronics', 1, 1, 365),
  ('appliance',   1, 1, 365),
  ('clothing',    1, 1, 0),
  ('food',        0, 1, 0),
  ('customised',  0, 1, 0),
  ('digital',     0, 0, 0),
  ('hygiene',     0, 1, 0),
  ('other',       1, 1, 0);

CREATE TABLE customers (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  phone         VARCHAR(20) NOT NULL,
  email         VARCHAR(190) NULL,
  name          VARCHAR(100) NOT NULL DEFAULT '',
  city          VARCHAR(64) NOT NULL DEFAULT '',
  password_hash VARCHAR(128) NULL,           -- NULL until /register
  session_epoch BIGINT NOT NULL DEFAULT 1,
  created_at    DATETIME NOT NULL,
  activated_at  DATETIME NULL,
  UNIQUE KEY customers_phone (phone),
  UNIQUE KEY customers_email (email)
) ENGINE=InnoDB;

CREATE TABLE staff (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email         VARCHAR(190) NOT NULL,
  name          VARCHAR(100) NOT NULL,
  roles         INT UNSIGNED NOT NULL,       -- bit set, see cgi/staff.h
  password_hash VARCHAR(128) NOT NULL,
  session_epoch BIGINT NOT NULL DEFAULT 1,
  disabled      TINYINT(1) NOT NULL DEFAULT 0,
  created_at    DATETIME NOT NULL,
  UNIQUE KEY staff_email (email)
) ENGINE=InnoDB;

CREATE TABLE orders (
  id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_no       VARCHAR(40) NOT NULL,
  customer_id    BIGINT NOT NULL,
  placed_at      DATETIME NOT NULL,
  delivered_at   DATETIME NULL,
  payment_method VARCHAR(32) NOT NULL,
  updated_at     DATETIME NOT NULL,
  UNIQUE KEY orders_no (order_no),
  KEY orders_customer (customer_id, placed_at),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB;

CREATE TABLE order_items (
  id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id       BIGINT NOT NULL,
  sku            VARCHAR(64) NOT NULL,
  name           VARCHAR(200) NOT NULL,
  category       VARCHAR(32) NOT NULL,
  qty            INT NOT NULL,
  unit_price_fen BIGINT NOT NULL,
  paid_fen       BIGINT NOT NULL,            -- qty * unit price, what was paid
  UNIQUE KEY order_items_sku (order_id, sku),
  CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
  CONSTRAINT order_items_qty CHECK (qty > 0),
  CONSTRAINT order_items_paid CHECK (paid_fen >= 0)
) ENGINE=InnoDB;

-- One row per day hands out case numbers AS<yyyymmdd><nnnn>.
CREATE TABLE case_numbers (
  day  DATE NOT NULL PRIMARY KEY,
  last INT NOT NULL
) ENGINE=InnoDB;

CREATE TABLE cases (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_no      VARCHAR(20) NOT NULL,
  customer_id  BIGINT NOT NULL,
  order_id     BIGINT NOT NULL,
  type         VARCHAR(16) NOT NULL,
  reason       VARCHAR(24) NOT NULL,
  description  TEXT NOT NULL,
  amount_fen   BIGINT NULL,                  -- refund_only: the amount asked
  state        VARCHAR(24) NOT NULL,
  version      INT NOT NULL DEFAULT 1,       -- bumped by every transition
  revision     INT NOT NULL DEFAULT 1,       -- bumped by a resubmission
  channel      VARCHAR(10) NOT NULL DEFAULT 'online',
  nonce        VARCHAR(32) NOT NULL,         -- one form, one case
  created_at   DATETIME NOT NULL,
  updated_at   DATETIME NOT NULL,
  UNIQUE KEY cases_no (case_no),
  UNIQUE KEY cases_nonce (customer_id, nonce),
  KEY cases_customer (customer_id, created_at),
  KEY cases_state (state, created_at),
  CONSTRAINT cases_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT cases_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB;

CREATE TABLE case_items (
  case_id       BIGINT NOT NULL,
  order_item_id BIGINT NOT NULL,
  qty           INT NOT NULL,
  PRIMARY KEY (case_id, order_item_id),
  KEY case_items_item (order_item_id),
  CONSTRAINT case_items_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT case_items_item_fk FOREIGN KEY (order_item_id) REFERENCES order_items (id),
  CONSTRAINT case_items_qty CHECK (qty > 0)
) ENGINE=InnoDB;

-- The timeline: the audit trail. Rows are only ever inserted.
CREATE TABLE case_events (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id    BIGINT NOT NULL,
  at         DATETIME NOT NULL,
  actor_kind CHAR(1) NOT NULL,               -- c customer, s staff, x system
  actor_id   BIGINT NULL,
  action     VARCHAR(24) NOT NULL,
  from_state VARCHAR(24) NULL,
  to_state   VARCHAR(24) NOT NULL,
  note       TEXT NULL,
  KEY case_events_case (case_id, id),
  KEY case_events_at (at),
  CONSTRAINT case_events_case_fk FOREIGN KEY (case_id) REFERENCES cases (id)
) ENGINE=InnoDB;

CREATE TABLE attachments (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id     BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,               -- whose it is
  filename    VARCHAR(255) NOT NULL,
  mime        VARCHAR(32) NOT NULL,
  size        INT NOT NULL,
  sha256      CHAR(64) NOT NULL,
  data        MEDIUMBLOB NOT NULL,
  created_at  DATETIME NOT NULL,
  KEY attachments_case (case_id),
  CONSTRAINT attachments_case_fk FOREIGN KEY (case_id) REFERENCES cases (id)
) ENGINE=InnoDB;

-- Failed sign-ins, keyed by "login:<name>" and "ip:<address>" so that
-- locking never depends on whether an account exists.
CREATE TABLE login_throttle (
  k            VARCHAR(200) NOT NULL PRIMARY KEY,
  failures     INT NOT NULL,
  window_start DATETIME NOT NULL,
  locked_until DATETIME NULL
) ENGINE=InnoDB;

CREATE TABLE api_keys (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name       VARCHAR(64) NOT NULL,
  key_sha256 CHAR(64) NOT NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY api_keys_hash (key_sha256)
) ENGINE=InnoDB;

-- Money paid back. A refund covers one case; refund_items split it over the
-- order items so that no item is ever refunded past what was paid for it.
CREATE TABLE refunds (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id     BIGINT NOT NULL,
  amount_fen  BIGINT NOT NULL,
  reference   VARCHAR(64) NOT NULL,
  staff_id    BIGINT NULL,
  created_at  DATETIME NOT NULL,
  UNIQUE KEY refunds_case (case_id),          -- one refund per case, ever
  CONSTRAINT refunds_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT refunds_amount CHECK (amount_fen > 0)
) ENGINE=InnoDB;

CREATE TABLE refund_items (
  refund_id     BIGINT NOT NULL,
  order_item_id BIGINT NOT NULL,
  amount_fen    BIGINT NOT NULL,
  PRIMARY KEY (refund_id, order_item_id),
  KEY refund_items_item (order_item_id),
  CONSTRAINT refund_items_refund_fk FOREIGN KEY (refund_id) REFERENCES refunds (id),
  CONSTRAINT refund_items_item_fk FOREIGN KEY (order_item_id) REFERENCES order_items (id),
  CONSTRAINT refund_items_amount CHECK (amount_fen > 0)
) ENGINE=InnoDB;

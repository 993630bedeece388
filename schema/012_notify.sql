-- 012: telling people (issue 12). What happened is written once, in the
-- transaction of the change, as an event; the messages it causes (a
-- webhook per endpoint that wants it, a customer's e-mail or SMS, a staff
-- member's e-mail) are rows of the outbox written in the same transaction.
-- The notification worker (cgi/notify/) delivers the outbox apart from
-- page requests: at least once, each message under its own key.

-- The shop's events, in order: the events feed (GET /api/v1/events) reads
-- them by id, the webhooks carry the same type and data. Never the
-- password-reset code or an internal note.
CREATE TABLE events (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  type       VARCHAR(40) NOT NULL,     -- case.created, case.updated, refund.issued …
  case_id    BIGINT NULL,
  case_no    VARCHAR(20) NULL,
  data       TEXT NOT NULL,            -- a JSON object
  created_at DATETIME NOT NULL,
  KEY events_created (created_at)
) ENGINE=InnoDB;

-- The shop's webhook endpoints (/staff/admin/webhooks): the URL, the event
-- types it wants ('*' or a comma list) and its Standard Webhooks secret
-- ('whsec_' + base64 of 24 random bytes).
CREATE TABLE webhook_endpoints (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  url        VARCHAR(500) NOT NULL,
  events     VARCHAR(500) NOT NULL,
  secret     VARCHAR(100) NOT NULL,
  enabled    TINYINT NOT NULL DEFAULT 1,
  created_by BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL
) ENGINE=InnoDB;

-- One message to one recipient over one channel. msg_key is its
-- idempotency key (the webhook-id header; the Message-ID's local part):
-- the same on every attempt. A worker claims due rows (claimed_until in
-- the future hides them from the others), delivers, and records the
-- outcome: sent, or the next attempt after a growing wait, or failed when
-- the waits (more than 24 hours) are used up.
--   webhook: recipient the URL, endpoint_id its endpoint, body the JSON
--            payload {"type", "timestamp", "data"} as signed and sent;
--   email:   recipient the address, template and data (JSON) rendered by
--            the worker in lang (templates/mail/);
--   sms:     recipient the phone, template and data likewise.
-- A password-reset code travels in data until delivery, then is blanked.
CREATE TABLE outbox (
  id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  msg_key       VARCHAR(64) NOT NULL,
  channel       VARCHAR(10) NOT NULL,  -- webhook, email, sms
  event_type    VARCHAR(40) NOT NULL,
  event_id      BIGINT NULL,
  case_id       BIGINT NULL,
  customer_id   BIGINT NULL,
  staff_id      BIGINT NULL,
  endpoint_id   BIGINT NULL,
  recipient     VARCHAR(500) NOT NULL,
  lang          VARCHAR(8) NOT NULL DEFAULT 'zh-CN',
  template      VARCHAR(40) NULL,
  data          TEXT NULL,
  body          MEDIUMTEXT NULL,
  status        VARCHAR(10) NOT NULL DEFAULT 'queued', -- queued, sent, failed
  attempts      INT NOT NULL DEFAULT 0,
  next_at       DATETIME NOT NULL,
  claimed_until DATETIME NULL,
  claimed_by    VARCHAR(64) NULL,
  last_error    VARCHAR(300) NULL,
  created_at    DATETIME NOT NULL,
  sent_at       DATETIME NULL,
  UNIQUE KEY outbox_key (msg_key),
  KEY outbox_due (status, next_at),
  KEY outbox_created (created_at),
  KEY outbox_case (case_id)
) ENGINE=InnoDB;

-- A customer's password-reset codes (/forgot): the code hashed, valid ten
-- minutes, used once; tries counts wrong guesses (locked after five).
CREATE TABLE password_resets (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  code_hash   CHAR(64) NOT NULL,
  created_at  DATETIME NOT NULL,
  expires_at  DATETIME NOT NULL,
  tries       INT NOT NULL DEFAULT 0,
  used_at     DATETIME NULL,
  KEY password_resets_customer (customer_id, created_at),
  CONSTRAINT password_resets_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB;

-- The customer's channels (/my/account): both on by default; a channel
-- the shop has not configured is off whatever this says.
ALTER TABLE customers
  ADD COLUMN notify_email TINYINT NOT NULL DEFAULT 1,
  ADD COLUMN notify_sms   TINYINT NOT NULL DEFAULT 1,
  -- lang: of their last sign-in, their messages' language
  ADD COLUMN lang         VARCHAR(8) NOT NULL DEFAULT 'zh-CN';

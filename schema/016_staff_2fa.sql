-- 016: staff accounts (issue 16) and limits on what customers create.
--
-- A staff member's second factor (TOTP, RFC 6238 through liboath): the
-- base32 secret once confirmed (NULL: none), the secret of an enrolment
-- not yet confirmed with a code, and the last time step a code was
-- accepted for (a code is never taken twice, nor an older one).
ALTER TABLE staff
  ADD COLUMN totp_secret VARCHAR(64) NULL,
  ADD COLUMN totp_pending VARCHAR(64) NULL,
  ADD COLUMN totp_last_step BIGINT NULL;

-- One-time recovery codes, as SHA-256 of the code; each used once.
CREATE TABLE staff_recovery_codes (
  id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  staff_id  BIGINT NOT NULL,
  code_hash CHAR(64) NOT NULL,
  used_at   DATETIME NULL,
  UNIQUE KEY staff_recovery_code (staff_id, code_hash),
  CONSTRAINT staff_recovery_staff_fk FOREIGN KEY (staff_id) REFERENCES staff (id)
) ENGINE=InnoDB;

-- What happened to a staff account: its sign-ins (address and browser)
-- and the changes to its security (second factor enrolled or reset,
-- sessions ended, a recovery code used). actor_id is who did it when that
-- is someone else (a manager); never updated, never deleted by a page.
CREATE TABLE staff_log (
  id       BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  staff_id BIGINT NOT NULL,
  actor_id BIGINT NULL,
  at       DATETIME NOT NULL,
  event    VARCHAR(32) NOT NULL,
  addr     VARCHAR(64) NULL,
  agent    VARCHAR(255) NULL,
  KEY staff_log_staff (staff_id, at),
  CONSTRAINT staff_log_staff_fk FOREIGN KEY (staff_id) REFERENCES staff (id)
) ENGINE=InnoDB;

-- Counters of what an account or an address created in the current
-- window (cgi/domain/limits.c): one row per key, a new window when the
-- old one is over.
CREATE TABLE rate_limits (
  k            VARCHAR(200) NOT NULL PRIMARY KEY,
  n            INT NOT NULL,
  window_start DATETIME NOT NULL
) ENGINE=InnoDB;

-- The settings: roles that must have a second factor even in demo mode
-- (outside demo mode managers and finance always must), and per kind of
-- thing a customer creates, how many one account and one address may
-- create in limit_window_seconds. Generous: a person never meets them.
INSERT INTO settings (name, value) VALUES
  ('totp_required_roles', ''),
  ('limit_window_seconds', '600'),
  ('limit_request_account', '300'),
  ('limit_request_address', '3000'),
  ('limit_message_account', '300'),
  ('limit_message_address', '3000'),
  ('limit_complaint_account', '60'),
  ('limit_complaint_address', '600'),
  ('limit_upload_account', '600'),
  ('limit_upload_address', '6000');

-- 030: compensation and the cost of service (issue 15, 000 §3, 002 §2.1(4),
-- §6.3.4). A compensation is money beyond the items' refund (goodwill,
-- the customer's postage, a coupon), paid by finance; above the policy
-- compensation_approval_fen it waits for a manager (approved_at NULL, paid
-- NULL). form_version is the case version the form was shown at: one
-- submission pays at most once (the case row is locked and its version
-- checked and moved in the same transaction; the unique key is the last
-- guard). case_costs is what serving a case cost: postage, parts,
-- technician hours (at the policy tech_hour_fen) and what has no step.
CREATE TABLE compensations (
  id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id      BIGINT NOT NULL,
  kind         ENUM('goodwill', 'postage', 'coupon') NOT NULL,
  amount_fen   BIGINT NOT NULL,
  reason       VARCHAR(500) NOT NULL,
  reference    VARCHAR(64) NOT NULL,
  staff_id     BIGINT NOT NULL,
  form_version INT NOT NULL,
  created_at   DATETIME NOT NULL,
  approved_by  BIGINT NULL,
  paid_at      DATETIME NULL,
  UNIQUE KEY compensations_form (case_id, form_version),
  KEY compensations_paid (paid_at),
  KEY compensations_waiting (paid_at, created_at),
  CONSTRAINT compensations_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT compensations_staff_fk FOREIGN KEY (staff_id) REFERENCES staff (id),
  CONSTRAINT compensations_amount CHECK (amount_fen > 0)
) ENGINE=InnoDB;

CREATE TABLE case_costs (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id    BIGINT NOT NULL,
  kind       ENUM('postage', 'parts', 'labour', 'other') NOT NULL,
  amount_fen BIGINT NOT NULL,
  minutes    INT NULL,
  note       VARCHAR(200) NULL,
  staff_id   BIGINT NULL,
  created_at DATETIME NOT NULL,
  KEY case_costs_case (case_id),
  CONSTRAINT case_costs_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT case_costs_amount CHECK (amount_fen >= 0)
) ENGINE=InnoDB;

INSERT IGNORE INTO settings (name, value) VALUES
  ('compensation_approval_fen', '20000'),
  ('tech_hour_fen', '8000');

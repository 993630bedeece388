-- 007: satisfaction surveys and complaints (DESIGN.md §3).
-- A survey row is the invitation, made when the case completes; the answer
-- fills it once (answered_at). The signed link carries the case number and
-- expires_at, so a link cannot outlive its row's expiry.
CREATE TABLE surveys (
  case_id     BIGINT NOT NULL PRIMARY KEY,
  invited_at  DATETIME NOT NULL,
  expires_at  DATETIME NOT NULL,
  answered_at DATETIME NULL,
  attitude    TINYINT NULL,
  speed       TINYINT NULL,
  resolution  TINYINT NULL,
  overall     TINYINT NULL,
  recommend   TINYINT NULL,
  comment     TEXT NULL,
  KEY surveys_invited (invited_at),
  KEY surveys_answered (answered_at),
  CONSTRAINT surveys_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT surveys_scores CHECK (
    (answered_at IS NULL AND attitude IS NULL AND recommend IS NULL) OR
    (attitude BETWEEN 1 AND 5 AND speed BETWEEN 1 AND 5 AND resolution BETWEEN 1 AND 5
     AND overall BETWEEN 1 AND 5 AND recommend BETWEEN 0 AND 10))
) ENGINE=InnoDB;

-- A complaint, about a case or in general; the team's first reply answers
-- it, due by due_at (one working day, on the business calendar).
CREATE TABLE complaints (
  id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  case_id     BIGINT NULL,
  subject     VARCHAR(200) NOT NULL,
  body        TEXT NOT NULL,
  created_at  DATETIME NOT NULL,
  due_at      DATETIME NOT NULL,
  reply       TEXT NULL,
  replied_by  BIGINT NULL,
  replied_at  DATETIME NULL,
  KEY complaints_customer (customer_id, created_at),
  KEY complaints_open (replied_at, due_at),
  KEY complaints_created (created_at),
  KEY complaints_case (case_id),
  CONSTRAINT complaints_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT complaints_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT complaints_staff_fk FOREIGN KEY (replied_by) REFERENCES staff (id)
) ENGINE=InnoDB;

-- The manager's exports read cases and refunds by time.
ALTER TABLE cases ADD KEY cases_created (created_at);
ALTER TABLE refunds ADD KEY refunds_created (created_at);

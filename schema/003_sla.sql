-- 003: the time limits of every case (DESIGN.md §3 "Time limits"). One row
-- per timer a case has started; cases.next_due is the nearest running one,
-- so the staff queue can sort and filter by it with an index.

CREATE TABLE case_timers (
  case_id    BIGINT NOT NULL,
  timer      VARCHAR(16) NOT NULL,
  started_at DATETIME NOT NULL,
  due_at     DATETIME NOT NULL,
  stopped_at DATETIME NULL,
  PRIMARY KEY (case_id, timer),
  CONSTRAINT case_timers_case_fk FOREIGN KEY (case_id) REFERENCES cases (id)
) ENGINE=InnoDB;

ALTER TABLE cases
  ADD COLUMN next_due DATETIME NULL,
  ADD COLUMN next_due_start DATETIME NULL,
  ADD KEY cases_next_due (next_due);

-- 027: the satisfaction follow-up (回访, 002 §2.1(6), §9.1; issue 15). A
-- completed case's follow-up timer (48 h) runs until an agent records a
-- follow-up that reached the customer or that the customer declined, or
-- until the customer answers the survey by link; an unreachable call is
-- an attempt and the timer runs on. Answers taken by phone, online or on a
-- visit fill the case's survey like the customer's own, with their method.
CREATE TABLE followups (
  id       BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id  BIGINT NOT NULL,
  staff_id BIGINT NOT NULL,
  method   ENUM('phone', 'online', 'visit') NOT NULL,
  outcome  ENUM('reached', 'unreachable', 'declined') NOT NULL,
  at       DATETIME NOT NULL,
  KEY followups_case (case_id, at),
  CONSTRAINT followups_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT followups_staff_fk FOREIGN KEY (staff_id) REFERENCES staff (id)
) ENGINE=InnoDB;

ALTER TABLE surveys
  ADD COLUMN method ENUM('self', 'phone', 'online', 'visit') NOT NULL DEFAULT 'self',
  ADD KEY surveys_method (answered_at, method, overall);

-- The agents' follow-ups due, soonest first, without reading every stopped
-- timer.
ALTER TABLE case_timers ADD KEY case_timers_running (timer, stopped_at, due_at);

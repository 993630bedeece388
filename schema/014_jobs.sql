-- 014: the notification worker's periodic jobs (cgi/notify/jobs.c) and
-- the staff's time-limit alerts. A job runs at most once per period across
-- every worker and node: a worker claims its row with one UPDATE (the
-- period passed and no live claim: running_until), the winner alone sees
-- one affected row; last_run is set in the transaction that writes the
-- job's messages. runs counts the claims (what the tests count).
CREATE TABLE jobs (
  name          VARCHAR(40) NOT NULL PRIMARY KEY,
  last_run      DATETIME NULL,
  running_until DATETIME NULL,
  runs          BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;

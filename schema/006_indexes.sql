-- 006: what the pages' queries need to stay fast at 100 000 cases and more
-- (measured with scripts/bench.sh).
--
-- The staff queue lists open cases with the nearest due time first, cases
-- without one last. "Open" and "nulls last" as stored columns let one index
-- hand out the first page in order, reading a page's rows instead of
-- sorting every open case. The final states are those of cases.c.
ALTER TABLE cases
  ADD COLUMN queue_closed TINYINT(1)
    AS (state IN ('completed', 'rejected', 'cancelled', 'closed')) PERSISTENT,
  ADD COLUMN queue_due DATETIME
    AS (IFNULL(next_due, TIMESTAMP'9999-12-31 23:59:59')) PERSISTENT,
  ADD KEY cases_queue (queue_closed, queue_due, created_at, id);

-- 010: stats_dirty becomes an append-only log of changed days.
--
-- With `day` as its primary key, every trigger of 009 (INSERT IGNORE)
-- took a shared lock on the day's existing row, several days per case
-- step in varying order, so concurrent steps deadlocked (about one per
-- second under the load test) and were retried by db_tx. Without a
-- unique key on `day` an insert checks no duplicate and waits for no
-- other transaction; the IGNORE of the triggers now ignores nothing.
-- A read takes the DISTINCT days of its period and deletes all of their
-- rows before recomputing them (cgi/dashboard.c).
ALTER TABLE stats_dirty
  DROP PRIMARY KEY,
  ADD id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST,
  ADD KEY stats_dirty_day (day);

-- 032: the manager's targets (issue 15) as policies, shown on the
-- dashboard and in the monthly report: whole numbers, 0 for none. Rates in
-- %, the complaint rate in per mille of the ordering customers (10: 1 %).
-- Seed 001: 90 % of cases solved within 24 h of submission.
INSERT IGNORE INTO settings (name, value) VALUES
  ('target_solved_24h_pct', '90'),
  ('target_first_response_pct', '90'),
  ('target_csat_pct', '85'),
  ('target_complaint_rate', '10');
-- The summaries gained metrics (solved within 24 h, the steps each member
-- took, satisfaction by time band): every computed day is computed again
-- on its next read, and its month summed again after it.
DELETE FROM stats_days;
DELETE FROM stats_months;

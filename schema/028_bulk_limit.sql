-- 028: staff bulk actions are limited like what customers create (issue
-- 16): cases one member may assign in bulk per limit_window_seconds, and
-- per address. Generous: a day's work never meets them.
INSERT IGNORE INTO settings (name, value) VALUES
  ('limit_bulk_account', '2000'),
  ('limit_bulk_address', '20000');

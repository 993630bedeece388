-- 020: sending the goods back (issue 13). After an approval that needs the
-- goods back the case has a ship-by time (set when it enters
-- awaiting_return, from the ship_by_days policy); a reminder is sent once
-- it passes (ship_by_reminded) and, ship_by_grace_days later, the worker
-- closes the case. The customer's shipment keeps its carrier code and
-- tracking number on the case (the warehouse scans or types it into the
-- staff search: indexed). A pick-up (上门取件) is one booking per case: a
-- day, a window, an address; the logistics role confirms it when the
-- courier has the parcel (the case moves to return_in_transit) or moves it.
--   return_address: the shop's; a category's own when not empty
--   postage_quality / postage_no_reason: who pays the return postage
--     ('shop' or 'customer') for a quality problem / a no-reason return
ALTER TABLE cases
  ADD COLUMN ship_by DATETIME NULL,
  ADD COLUMN ship_by_reminded TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN return_carrier VARCHAR(16) NULL,
  ADD COLUMN return_tracking VARCHAR(40) NULL,
  ADD KEY cases_return_tracking (return_tracking),
  ADD KEY cases_ship_by (state, ship_by);

ALTER TABLE categories
  ADD COLUMN return_address VARCHAR(255) NOT NULL DEFAULT '';

CREATE TABLE pickups (
  case_id      BIGINT NOT NULL PRIMARY KEY,
  day          DATE NOT NULL,
  time_window  CHAR(5) NOT NULL,
  address      VARCHAR(255) NOT NULL,
  state        VARCHAR(10) NOT NULL,
  booked_at    DATETIME NOT NULL,
  confirmed_by BIGINT NULL,
  KEY pickups_day (day, time_window),
  CONSTRAINT pickups_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT pickups_staff_fk FOREIGN KEY (confirmed_by) REFERENCES staff (id)
) ENGINE=InnoDB;

INSERT INTO settings (name, value) VALUES
  ('return_address', '上海市浦东新区张江路 100 号 售后仓 收（电话 021-5555 0100）'),
  ('ship_by_days', '7'),
  ('ship_by_grace_days', '3'),
  ('postage_quality', 'shop'),
  ('postage_no_reason', 'customer');

-- The province ledgers by day, hour and minute and the booking rollups by site day and province day/hour/minute
-- (0005) are superseded by the multi-grain tables of 0011, which every stock query now reads: each view dropped is
-- work no longer done for every ingested block. The per-facility minute ledger and the site booking minutes stay:
-- the 0011 views read their blocks, and other queries read them.
DROP VIEW IF EXISTS stock_province_day_mv;
DROP VIEW IF EXISTS stock_province_hour_mv;
DROP VIEW IF EXISTS stock_province_minute_mv;
DROP VIEW IF EXISTS bookings_site_day_mv;
DROP VIEW IF EXISTS bookings_province_day_mv;
DROP VIEW IF EXISTS bookings_province_hour_mv;
DROP VIEW IF EXISTS bookings_province_minute_mv;
DROP TABLE IF EXISTS stock_province_day;
DROP TABLE IF EXISTS stock_province_hour;
DROP TABLE IF EXISTS stock_province_minute;
DROP TABLE IF EXISTS bookings_site_day;
DROP TABLE IF EXISTS bookings_province_day;
DROP TABLE IF EXISTS bookings_province_hour;
DROP TABLE IF EXISTS bookings_province_minute;

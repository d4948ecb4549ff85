-- The late-reported share of a province or the country is summed from the per-facility rollups (0007) at query
-- time instead of being kept in rollups of its own: each of those two views was work done for every block of every
-- raw table (the late_events chain behind each insert), and the facility tables hold every family, registrations and
-- verifications included (under facility_id = ''), so the sums are the same.
DROP VIEW IF EXISTS late_events_province_minute_mv;
DROP VIEW IF EXISTS late_events_province_day_mv;
DROP TABLE IF EXISTS late_events_province_minute;
DROP TABLE IF EXISTS late_events_province_day;

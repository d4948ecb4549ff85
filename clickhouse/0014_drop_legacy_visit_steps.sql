-- The visit-step rollups by province and facility, day and minute (0004), are superseded by the step grains of
-- 0010: deferral rates, district and site coverage and the site-flow alarms now read those. Each view dropped is one
-- part fewer to write, and later merge, for every ingested block of visits (bench:live at 10,000 events/s: ~30 parts
-- a job, merges ~0.3 core).
DROP VIEW IF EXISTS visit_steps_province_minute_mv;
DROP VIEW IF EXISTS visit_steps_province_day_mv;
DROP VIEW IF EXISTS visit_steps_facility_minute_mv;
DROP VIEW IF EXISTS visit_steps_facility_day_mv;
DROP TABLE IF EXISTS visit_steps_province_minute;
DROP TABLE IF EXISTS visit_steps_province_day;
DROP TABLE IF EXISTS visit_steps_facility_minute;
DROP TABLE IF EXISTS visit_steps_facility_day;

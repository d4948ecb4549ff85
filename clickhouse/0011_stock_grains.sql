-- Multi-grain stock ledgers and bookings (the lot ledger and booked slots of 0005, see there for their meaning) for the
-- stock snapshots and lists. On hand as of T, the part of it in expired lots and the doses administered on each burn
-- day are read from ONE table in ONE scan: the whole local months before a recent month boundary, then whole days,
-- then T's day by its whole hours before T's hour, then the minutes of T's hour (as in 0010):
--
--   WHERE (grain = 'month'  AND bucket <  days_from)
--      OR (grain = 'day'    AND bucket >= days_from AND bucket < day_start)
--      OR (grain = 'hour'   AND bucket >= day_start AND bucket < hour_start)
--      OR (grain = 'minute' AND bucket >= hour_start AND bucket < until)
--
-- days_from is the start of the local month holding the first burn day, so that the burn days are day rows (for on
-- hand alone, the start of T's month). The rows read are bounded (a row per month before it, ≤ ~38 days, ≤ 23 hours,
-- ≤ 59 minutes per key) however long the campaign and however late in the day. bucket: the local (Asia/Ho_Chi_Minh)
-- start of the month or day, the start of the hour or minute (UTC+7 has whole hours), stored as UTC. Both ledger
-- views are fed from the blocks of stock_facility_minute, like the 0005 ledgers: net = received - issued -
-- transferred - returned - wasted - administered (the change of on hand), and the flows themselves. The 0005 ledger
-- tables stay: the lot trace and the reconciliation read them. Bookings, read by slot, have grains of their own
-- (below).

-- The province's own cold chain (not the national and regional stores standing in it, as stock_province_day), for
-- the national and province screens: a row per grain, bucket, province and lot; the bucket leads, so one instant's
-- rows of every province are one key range.
CREATE TABLE IF NOT EXISTS stock_province_grains (
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    bucket DateTime('UTC'),
    province_code LowCardinality(String),
    vaccine LowCardinality(String),
    lot_number String,
    net Int64,
    received Int64,
    issued Int64,
    transferred Int64,
    returned Int64,
    wasted Int64,
    administered Int64
) ENGINE = SummingMergeTree
ORDER BY (grain, bucket, province_code, vaccine, lot_number)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_province_grains_mv TO stock_province_grains AS
SELECT g.1 AS grain, g.2 AS bucket, province_code, vaccine, lot_number,
       sum(m.net) AS net, sum(m.received) AS received, sum(m.issued) AS issued, sum(m.transferred) AS transferred,
       sum(m.returned) AS returned, sum(m.wasted) AS wasted, sum(m.administered) AS administered
FROM (
    SELECT province_code, vaccine, lot_number, day, minute,
           received - issued - transferred - returned - wasted - administered AS net,
           received, issued, transferred, returned, wasted, administered
    FROM stock_facility_minute
    WHERE facility_id NOT IN (SELECT id FROM ref_facility FINAL WHERE level IN ('national', 'regional'))
) AS m
ARRAY JOIN [
    ('month', toDateTime(toDateTime(toStartOfMonth(day), 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('day', toDateTime(toDateTime(day, 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('hour', toStartOfHour(minute)),
    ('minute', minute)
] AS g
GROUP BY grain, bucket, province_code, vaccine, lot_number;

-- Every facility's own ledger (national and regional stores included: the national on-hand list shows them), for
-- the province, district and site lists; always read inside one province, or for every province, so the province
-- leads the key.
CREATE TABLE IF NOT EXISTS stock_facility_grains (
    province_code LowCardinality(String),
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    bucket DateTime('UTC'),
    facility_id String,
    vaccine LowCardinality(String),
    lot_number String,
    net Int64,
    received Int64,
    issued Int64,
    transferred Int64,
    returned Int64,
    wasted Int64,
    administered Int64
) ENGINE = SummingMergeTree
ORDER BY (province_code, grain, bucket, facility_id, vaccine, lot_number)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_facility_grains_mv TO stock_facility_grains AS
SELECT province_code, g.1 AS grain, g.2 AS bucket, facility_id, vaccine, lot_number,
       sum(m.net) AS net, sum(m.received) AS received, sum(m.issued) AS issued, sum(m.transferred) AS transferred,
       sum(m.returned) AS returned, sum(m.wasted) AS wasted, sum(m.administered) AS administered
FROM (
    SELECT province_code, facility_id, vaccine, lot_number, day, minute,
           received - issued - transferred - returned - wasted - administered AS net,
           received, issued, transferred, returned, wasted, administered
    FROM stock_facility_minute
) AS m
ARRAY JOIN [
    ('month', toDateTime(toDateTime(toStartOfMonth(day), 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('day', toDateTime(toDateTime(day, 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('hour', toStartOfHour(minute)),
    ('minute', minute)
] AS g
GROUP BY province_code, grain, bucket, facility_id, vaccine, lot_number;

-- Booked slots (bookings_site_minute, 0005: signed, by slot and by when the booking changed) for the same answers:
-- booked as of T for the slots from an hour before T to the end of the booking days is the sum of the changes before
-- T. The changes are read by grain of the change: whole days before T's day, T's whole hours, the minutes of T's
-- hour (no month rows: nothing sums bookings from the campaign's start). `at` leads the key within a grain: the slot
-- for day rows (the earlier days' changes of the slots read), the change's hour or minute for hour and minute rows
-- (T's day and hour are read whole, then filtered by slot), so each grain is one key range:
--
--   WHERE ((grain = 'day'    AND at >= slots_from AND at < bookings_until AND bucket < day_start)
--       OR (grain = 'hour'   AND at >= day_start AND at < hour_start)
--       OR (grain = 'minute' AND at >= hour_start AND at < until))
--     AND slot_start >= slots_from AND slot_start < bookings_until
--
-- bucket: the local start of the change's day, its hour or minute, as above.
CREATE TABLE IF NOT EXISTS bookings_province_grains (
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    at DateTime('UTC'),
    province_code LowCardinality(String),
    vaccine LowCardinality(String),
    slot_start DateTime('UTC'),
    bucket DateTime('UTC'),
    booked Int64
) ENGINE = SummingMergeTree
ORDER BY (grain, at, province_code, vaccine, slot_start, bucket)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS bookings_province_grains_mv TO bookings_province_grains AS
SELECT g.1 AS grain, g.2 AS at, province_code, vaccine, slot_start, g.3 AS bucket, sum(booked) AS booked
FROM bookings_site_minute
ARRAY JOIN [
    ('day', slot_start, toDateTime(toDateTime(day, 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('hour', toStartOfHour(minute), toStartOfHour(minute)),
    ('minute', minute, minute)
] AS g
GROUP BY grain, at, province_code, vaccine, slot_start, bucket;

-- The same per site, province first (read inside one province, or for every province).
CREATE TABLE IF NOT EXISTS bookings_site_grains (
    province_code LowCardinality(String),
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    at DateTime('UTC'),
    site_id String,
    vaccine LowCardinality(String),
    slot_start DateTime('UTC'),
    bucket DateTime('UTC'),
    booked Int64
) ENGINE = SummingMergeTree
ORDER BY (province_code, grain, at, site_id, vaccine, slot_start, bucket)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS bookings_site_grains_mv TO bookings_site_grains AS
SELECT province_code, g.1 AS grain, g.2 AS at, site_id, vaccine, slot_start, g.3 AS bucket, sum(booked) AS booked
FROM bookings_site_minute
ARRAY JOIN [
    ('day', slot_start, toDateTime(toDateTime(day, 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('hour', toStartOfHour(minute), toStartOfHour(minute)),
    ('minute', minute, minute)
] AS g
GROUP BY province_code, grain, at, site_id, vaccine, slot_start, bucket;

-- Stock rollups, written by materialized views as raw rows arrive: a lot ledger per facility and per province,
-- the expiry of each lot, and the appointments booked at each site. Day grain (local days, Asia/Ho_Chi_Minh) for
-- history, minute grain for the day in progress: an answer as of T reads whole days before T's day plus T's own day
-- to its minute (src/lib/server/queries/README.md). Minute tables lead their key with that local day. The province
-- tables, read by the national screen, also have an hour grain: T's day is read as its whole hours before T's hour
-- plus the minutes of T's hour, so however late in the day the national answer reads at most an hour of minutes (at
-- full scale a day holds ~400 k province-lot-minutes and ~1 M booking-minutes).
--
-- Ledger (as the simulator and the contract mean the events; every row is the facility's own record):
--   + stock.received      doses arriving at facility_id (from its supplier, a neighbour, a return, a manufacturer)
--   - stock.issued        doses leaving down the chain (to_facility records the matching stock.received on arrival)
--   - stock.transferred   doses lent sideways, e.g. site to site in an emergency (idem)
--   - stock.returned      doses sent back up, e.g. an idle site to its district store (idem)
--   - stock.wasted        open vial, expired, broken, cold chain, other (wasted_<reason>)
--   - visit.injected      one dose of lot_number administered at the site
-- on hand = received - issued - transferred - returned - wasted - administered. Doses between an issue and its
-- receipt are in transit: on no facility's hand. stock.counted (a physical count) is not part of the ledger:
-- counts are snapshots, not flows; the reconciliation query compares the ledger with the latest count instead.
-- stock.allocated (a national decision on paper, no lot) moves nothing.
--
-- Province stock is what the province's own cold chain holds: its provincial store, district stores and sites.
-- The national store and the regional institutes stand in some province (W-NAT and W-REG-N in Ha Noi, W-REG-S in
-- TP HCM) but hold stock for many: the province views leave out facilities whose ref_facility.level is national or
-- regional. The MVs read ref_facility when a block arrives, so a facility re-levelled by a later reference import
-- applies to later rows only (rebuild stock_province_* from stock_facility_minute if that ever happens). A facility
-- unknown to ref_facility counts in its province.
--
-- Bookings: registration.scheduled books a slot at a site (+1 at the slot, at the time of scheduling);
-- registration.cancelled names only the registration, so its MV looks up the registration's latest scheduling in
-- booking_registration (limited to the block's cancelled ids: a primary-key lookup) and books -1 there. A
-- cancellation that arrives before its scheduling is not subtracted; a registration scheduled twice counts at both
-- slots (the contract has no rescheduling; cancel first). vaccine is '' when the scheduling names none. A booking
-- is kept under the registration's province (the province whose committee schedules it), taken to be its site's.
--
-- Every summing table has a deduplication window: a retried ingest job repeats its insert_deduplication_token, and
-- without the window on the MV's target the retried block would be summed twice.

CREATE TABLE IF NOT EXISTS stock_lot (
    vaccine LowCardinality(String),
    lot_number String,
    -- the earliest date any event gave: conflicting reports err on the safe side
    expiry_date SimpleAggregateFunction(min, Date)
) ENGINE = AggregatingMergeTree
ORDER BY (vaccine, lot_number)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_lot_mv TO stock_lot AS
SELECT s.vaccine AS vaccine, s.lot_number AS lot_number, min(assumeNotNull(s.expiry_date)) AS expiry_date
FROM raw_stock AS s
WHERE s.expiry_date IS NOT NULL AND s.lot_number != ''
GROUP BY vaccine, lot_number;

-- The lot ledger by minute, from the raw events; the other ledger tables are fed from its blocks (already summed by
-- facility, lot and minute), so each raw row goes through one ledger view, and the others work on minute sums.
-- wasted is the sum of wasted_<reason> (the contract's reasons; other: any reason it may add).
CREATE TABLE IF NOT EXISTS stock_facility_minute (
    day Date,
    province_code LowCardinality(String),
    facility_id String,
    vaccine LowCardinality(String),
    lot_number String,
    minute DateTime('UTC'),
    received Int64,
    issued Int64,
    transferred Int64,
    returned Int64,
    wasted Int64,
    wasted_open_vial Int64,
    wasted_expired Int64,
    wasted_broken Int64,
    wasted_cold_chain Int64,
    wasted_other Int64,
    administered Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, province_code, facility_id, vaccine, lot_number, minute)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_facility_minute_mv TO stock_facility_minute AS
SELECT toDate(occurred_at, 'Asia/Ho_Chi_Minh') AS day,
       province_code, facility_id, vaccine, lot_number,
       toStartOfMinute(occurred_at) AS minute,
       sumIf(doses, type = 'stock.received') AS received,
       sumIf(doses, type = 'stock.issued') AS issued,
       sumIf(doses, type = 'stock.transferred') AS transferred,
       sumIf(doses, type = 'stock.returned') AS returned,
       sumIf(doses, type = 'stock.wasted') AS wasted,
       sumIf(doses, type = 'stock.wasted' AND reason = 'open_vial') AS wasted_open_vial,
       sumIf(doses, type = 'stock.wasted' AND reason = 'expired') AS wasted_expired,
       sumIf(doses, type = 'stock.wasted' AND reason = 'broken') AS wasted_broken,
       sumIf(doses, type = 'stock.wasted' AND reason = 'cold_chain') AS wasted_cold_chain,
       sumIf(doses, type = 'stock.wasted' AND reason NOT IN ('open_vial', 'expired', 'broken', 'cold_chain')) AS wasted_other,
       0 AS administered
FROM raw_stock
WHERE type IN ('stock.received', 'stock.issued', 'stock.transferred', 'stock.returned', 'stock.wasted')
GROUP BY day, province_code, facility_id, vaccine, lot_number, minute;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_facility_minute_injected_mv TO stock_facility_minute AS
SELECT toDate(occurred_at, 'Asia/Ho_Chi_Minh') AS day,
       province_code, facility_id, vaccine, lot_number,
       toStartOfMinute(occurred_at) AS minute,
       0 AS received, 0 AS issued, 0 AS transferred, 0 AS returned,
       0 AS wasted, 0 AS wasted_open_vial, 0 AS wasted_expired, 0 AS wasted_broken, 0 AS wasted_cold_chain, 0 AS wasted_other,
       count() AS administered
FROM raw_visit
WHERE type = 'visit.injected'
GROUP BY day, province_code, facility_id, vaccine, lot_number, minute;

CREATE TABLE IF NOT EXISTS stock_facility_day (
    province_code LowCardinality(String),
    facility_id String,
    vaccine LowCardinality(String),
    lot_number String,
    day Date,
    received Int64,
    issued Int64,
    transferred Int64,
    returned Int64,
    wasted Int64,
    wasted_open_vial Int64,
    wasted_expired Int64,
    wasted_broken Int64,
    wasted_cold_chain Int64,
    wasted_other Int64,
    administered Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (province_code, facility_id, vaccine, lot_number, day)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_facility_day_mv TO stock_facility_day AS
SELECT province_code, facility_id, vaccine, lot_number, day,
       sum(received) AS received, sum(issued) AS issued, sum(transferred) AS transferred, sum(returned) AS returned,
       sum(wasted) AS wasted, sum(wasted_open_vial) AS wasted_open_vial, sum(wasted_expired) AS wasted_expired,
       sum(wasted_broken) AS wasted_broken, sum(wasted_cold_chain) AS wasted_cold_chain, sum(wasted_other) AS wasted_other,
       sum(administered) AS administered
FROM stock_facility_minute
GROUP BY province_code, facility_id, vaccine, lot_number, day;

-- The province's own stock (see the top), for the national screen: a row per province, lot and day / hour / minute.
CREATE TABLE IF NOT EXISTS stock_province_day (
    province_code LowCardinality(String),
    vaccine LowCardinality(String),
    lot_number String,
    day Date,
    received Int64,
    issued Int64,
    transferred Int64,
    returned Int64,
    wasted Int64,
    wasted_open_vial Int64,
    wasted_expired Int64,
    wasted_broken Int64,
    wasted_cold_chain Int64,
    wasted_other Int64,
    administered Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (province_code, vaccine, lot_number, day)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_province_day_mv TO stock_province_day AS
SELECT province_code, vaccine, lot_number, day,
       sum(received) AS received, sum(issued) AS issued, sum(transferred) AS transferred, sum(returned) AS returned,
       sum(wasted) AS wasted, sum(wasted_open_vial) AS wasted_open_vial, sum(wasted_expired) AS wasted_expired,
       sum(wasted_broken) AS wasted_broken, sum(wasted_cold_chain) AS wasted_cold_chain, sum(wasted_other) AS wasted_other,
       sum(administered) AS administered
FROM stock_facility_minute
WHERE facility_id NOT IN (SELECT id FROM ref_facility FINAL WHERE level IN ('national', 'regional'))
GROUP BY province_code, vaccine, lot_number, day;

CREATE TABLE IF NOT EXISTS stock_province_hour (
    day Date,
    province_code LowCardinality(String),
    vaccine LowCardinality(String),
    lot_number String,
    hour DateTime('UTC'),
    received Int64,
    issued Int64,
    transferred Int64,
    returned Int64,
    wasted Int64,
    wasted_open_vial Int64,
    wasted_expired Int64,
    wasted_broken Int64,
    wasted_cold_chain Int64,
    wasted_other Int64,
    administered Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, province_code, vaccine, lot_number, hour)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_province_hour_mv TO stock_province_hour AS
SELECT day, province_code, vaccine, lot_number, toStartOfHour(minute) AS hour,
       sum(received) AS received, sum(issued) AS issued, sum(transferred) AS transferred, sum(returned) AS returned,
       sum(wasted) AS wasted, sum(wasted_open_vial) AS wasted_open_vial, sum(wasted_expired) AS wasted_expired,
       sum(wasted_broken) AS wasted_broken, sum(wasted_cold_chain) AS wasted_cold_chain, sum(wasted_other) AS wasted_other,
       sum(administered) AS administered
FROM stock_facility_minute
WHERE facility_id NOT IN (SELECT id FROM ref_facility FINAL WHERE level IN ('national', 'regional'))
GROUP BY day, province_code, vaccine, lot_number, hour;

-- Minute first: the minutes of T's hour are one key range.
CREATE TABLE IF NOT EXISTS stock_province_minute (
    day Date,
    province_code LowCardinality(String),
    vaccine LowCardinality(String),
    lot_number String,
    minute DateTime('UTC'),
    received Int64,
    issued Int64,
    transferred Int64,
    returned Int64,
    wasted Int64,
    wasted_open_vial Int64,
    wasted_expired Int64,
    wasted_broken Int64,
    wasted_cold_chain Int64,
    wasted_other Int64,
    administered Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, minute, province_code, vaccine, lot_number)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_province_minute_mv TO stock_province_minute AS
SELECT day, province_code, vaccine, lot_number, minute,
       sum(received) AS received, sum(issued) AS issued, sum(transferred) AS transferred, sum(returned) AS returned,
       sum(wasted) AS wasted, sum(wasted_open_vial) AS wasted_open_vial, sum(wasted_expired) AS wasted_expired,
       sum(wasted_broken) AS wasted_broken, sum(wasted_cold_chain) AS wasted_cold_chain, sum(wasted_other) AS wasted_other,
       sum(administered) AS administered
FROM stock_facility_minute
WHERE facility_id NOT IN (SELECT id FROM ref_facility FINAL WHERE level IN ('national', 'regional'))
GROUP BY day, province_code, vaccine, lot_number, minute;

-- Each registration's schedulings, for cancellations to find their slot. Months of slots long past can be dropped
-- (a cancellation comes before its slot).
CREATE TABLE IF NOT EXISTS booking_registration (
    registration_id String,
    province_code LowCardinality(String),
    site_id String,
    vaccine LowCardinality(String),
    slot_start DateTime('UTC'),
    scheduled_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(scheduled_at)
PARTITION BY toYYYYMM(slot_start)
ORDER BY registration_id
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS booking_registration_mv TO booking_registration AS
SELECT r.registration_id AS registration_id, r.province_code AS province_code, r.site_id AS site_id, r.vaccine AS vaccine,
       toDateTime(assumeNotNull(r.slot_start), 'UTC') AS slot_start, r.occurred_at AS scheduled_at
FROM raw_registration AS r
WHERE r.type = 'registration.scheduled' AND r.slot_start IS NOT NULL;

-- Booked slots, signed (+1 scheduled, -1 cancelled), by slot start and by when the booking changed (its local day,
-- hour, minute). The site minutes come from the raw events; the other booking tables from their blocks.
CREATE TABLE IF NOT EXISTS bookings_site_minute (
    day Date,
    province_code LowCardinality(String),
    site_id String,
    vaccine LowCardinality(String),
    slot_start DateTime('UTC'),
    minute DateTime('UTC'),
    booked Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, province_code, site_id, slot_start, vaccine, minute)
SETTINGS non_replicated_deduplication_window = 10000;

-- Schedulings of the block as they are; cancellations of the block joined to the latest scheduling of their
-- registration, stored or in the same block (booking_registration_mv may not have run on it yet).
CREATE MATERIALIZED VIEW IF NOT EXISTS bookings_site_minute_mv TO bookings_site_minute AS
SELECT toDate(r.occurred_at, 'Asia/Ho_Chi_Minh') AS day,
       r.province_code AS province_code,
       if(r.type = 'registration.scheduled', r.site_id, s.site_id) AS site_id,
       if(r.type = 'registration.scheduled', r.vaccine, s.vaccine) AS vaccine,
       if(r.type = 'registration.scheduled', toDateTime(assumeNotNull(r.slot_start), 'UTC'), s.slot_start) AS slot_start,
       toStartOfMinute(r.occurred_at) AS minute,
       sum(if(r.type = 'registration.scheduled', 1, -1)) AS booked
FROM raw_registration AS r
LEFT JOIN (
    SELECT registration_id, argMax(site_id, scheduled_at) AS site_id, argMax(vaccine, scheduled_at) AS vaccine, argMax(slot_start, scheduled_at) AS slot_start
    FROM (
        SELECT registration_id, site_id, vaccine, slot_start, scheduled_at FROM booking_registration
        WHERE registration_id IN (SELECT registration_id FROM raw_registration WHERE type = 'registration.cancelled')
        UNION ALL
        SELECT registration_id, site_id, vaccine, toDateTime(assumeNotNull(slot_start), 'UTC'), occurred_at FROM raw_registration
        WHERE type = 'registration.scheduled' AND slot_start IS NOT NULL
          AND registration_id IN (SELECT registration_id FROM raw_registration WHERE type = 'registration.cancelled')
    )
    GROUP BY registration_id
) AS s ON s.registration_id = r.registration_id
WHERE (r.type = 'registration.scheduled' AND r.slot_start IS NOT NULL) OR (r.type = 'registration.cancelled' AND s.site_id != '')
GROUP BY day, province_code, site_id, vaccine, slot_start, minute;

CREATE TABLE IF NOT EXISTS bookings_site_day (
    province_code LowCardinality(String),
    site_id String,
    vaccine LowCardinality(String),
    slot_start DateTime('UTC'),
    day Date,
    booked Int64
) ENGINE = SummingMergeTree
ORDER BY (province_code, slot_start, site_id, vaccine, day)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS bookings_site_day_mv TO bookings_site_day AS
SELECT province_code, site_id, vaccine, slot_start, day, sum(booked) AS booked
FROM bookings_site_minute
GROUP BY province_code, site_id, vaccine, slot_start, day;

CREATE TABLE IF NOT EXISTS bookings_province_day (
    province_code LowCardinality(String),
    vaccine LowCardinality(String),
    slot_start DateTime('UTC'),
    day Date,
    booked Int64
) ENGINE = SummingMergeTree
ORDER BY (slot_start, province_code, vaccine, day)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS bookings_province_day_mv TO bookings_province_day AS
SELECT province_code, vaccine, slot_start, day, sum(booked) AS booked
FROM bookings_site_minute
GROUP BY province_code, vaccine, slot_start, day;

CREATE TABLE IF NOT EXISTS bookings_province_hour (
    day Date,
    province_code LowCardinality(String),
    vaccine LowCardinality(String),
    slot_start DateTime('UTC'),
    hour DateTime('UTC'),
    booked Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, province_code, hour, slot_start, vaccine)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS bookings_province_hour_mv TO bookings_province_hour AS
SELECT day, province_code, vaccine, slot_start, toStartOfHour(minute) AS hour, sum(booked) AS booked
FROM bookings_site_minute
GROUP BY day, province_code, vaccine, slot_start, hour;

-- Minute first: the minutes of T's hour are one key range.
CREATE TABLE IF NOT EXISTS bookings_province_minute (
    day Date,
    province_code LowCardinality(String),
    vaccine LowCardinality(String),
    slot_start DateTime('UTC'),
    minute DateTime('UTC'),
    booked Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, minute, province_code, slot_start, vaccine)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS bookings_province_minute_mv TO bookings_province_minute AS
SELECT day, province_code, vaccine, slot_start, minute, sum(booked) AS booked
FROM bookings_site_minute
GROUP BY day, province_code, vaccine, slot_start, minute;

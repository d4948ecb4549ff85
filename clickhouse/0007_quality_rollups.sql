-- Rollups of the data-quality screens, written by materialized views as raw rows arrive (queries in
-- src/lib/server/queries/: verification-status, duplicate-first-doses, early-second-doses, late-reported-share,
-- silent-sites, impossible-rates).

-- Vaccination records and their checks against the population database, one row per (province_code, visit_id):
-- the dose's site and time from its visit.injected, and when the record was first verified and first rejected
-- (record.verified / record.rejected), with the reason of that rejection. Checks come from a national channel and
-- name no site: merging both sides here puts each check on the site that gave the dose without a join at query
-- time. A check of a record whose dose never arrived keeps facility_id '' and injected_at NULL.
CREATE TABLE IF NOT EXISTS verification_records (
    province_code LowCardinality(String),
    visit_id String,
    facility_id SimpleAggregateFunction(max, String),
    injected_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    verified_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    rejected_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    rejection_reason AggregateFunction(argMin, String, DateTime64(3, 'UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY (province_code, visit_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS verification_records_doses_mv TO verification_records AS
SELECT
    province_code,
    visit_id,
    max(facility_id) AS facility_id,
    min(occurred_at) AS injected_at,
    CAST(NULL, 'Nullable(DateTime64(3, \'UTC\'))') AS verified_at,
    CAST(NULL, 'Nullable(DateTime64(3, \'UTC\'))') AS rejected_at,
    argMinStateIf('', occurred_at, false) AS rejection_reason
FROM raw_visit
WHERE type = 'visit.injected'
GROUP BY province_code, visit_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS verification_records_checks_mv TO verification_records AS
SELECT
    province_code,
    visit_id,
    '' AS facility_id,
    CAST(NULL, 'Nullable(DateTime64(3, \'UTC\'))') AS injected_at,
    minOrNullIf(occurred_at, type = 'record.verified') AS verified_at,
    minOrNullIf(occurred_at, type = 'record.rejected') AS rejected_at,
    argMinStateIf(toString(reason), occurred_at, type = 'record.rejected') AS rejection_reason
FROM raw_verification
GROUP BY province_code, visit_id;

-- People (citizen_hash) and their first and second doses, for the duplicate first-dose and early second-dose
-- screens. person_primary_doses holds a few numbers per person, enough to pick out the people a screen lists in one
-- pass over everybody: first doses given, the earliest first dose, the earliest second dose and its vaccine;
-- person_injections holds the doses themselves, by person, for the few picked out (so the pass never reads them).
CREATE TABLE IF NOT EXISTS person_primary_doses (
    citizen_hash String,
    first_doses SimpleAggregateFunction(sum, UInt64),
    first_dose_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    second_dose_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    second_dose_vaccine AggregateFunction(argMin, String, DateTime64(3, 'UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY citizen_hash
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS person_primary_doses_mv TO person_primary_doses AS
SELECT
    citizen_hash,
    countIf(dose_number = 1) AS first_doses,
    minOrNullIf(occurred_at, dose_number = 1) AS first_dose_at,
    minOrNullIf(occurred_at, dose_number = 2) AS second_dose_at,
    argMinStateIf(toString(vaccine), occurred_at, dose_number = 2) AS second_dose_vaccine
FROM raw_visit
WHERE type = 'visit.injected' AND dose_number IN (1, 2) AND citizen_hash != ''
GROUP BY citizen_hash;

-- A small index granularity: the screens read a few people's rows here, scattered over the table.
CREATE TABLE IF NOT EXISTS person_injections (
    citizen_hash String,
    at DateTime64(3, 'UTC'),
    dose_number UInt8,
    vaccine LowCardinality(String),
    province_code LowCardinality(String),
    facility_id String,
    visit_id String
) ENGINE = MergeTree
ORDER BY (citizen_hash, at)
SETTINGS index_granularity = 1024, non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS person_injections_mv TO person_injections AS
SELECT citizen_hash, occurred_at AS at, dose_number, vaccine, province_code, facility_id, visit_id
FROM raw_visit
WHERE type = 'visit.injected' AND dose_number IN (1, 2) AND citizen_hash != '';

-- Events by how late they reached the MCC (ingested_at − occurred_at), per family, counted on their event minute.
-- late_over_minutes: the largest of 1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 10080 minutes that the
-- lateness exceeds, 0 if none; "late by more than X" for X among them is the sum of buckets ≥ X. The list is
-- LATENESS_THRESHOLDS_MINUTES in src/lib/server/queries/late-reported-share.ts.
-- Channel families (registration, verification) name no site: their rows carry facility_id ''.
-- The facility-minute table is written from the raw tables; the three others from it (sums of sums).
CREATE TABLE IF NOT EXISTS late_events_facility_minute (
    province_code LowCardinality(String),
    facility_id String,
    minute DateTime('UTC'),
    family LowCardinality(String),
    late_over_minutes UInt16,
    events UInt64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (province_code, facility_id, minute, family, late_over_minutes)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS late_events_registration_mv TO late_events_facility_minute AS
SELECT province_code, facility_id, toStartOfMinute(occurred_at) AS minute, 'registration' AS family,
       arrayLast(b -> toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(occurred_at) > b * 60000,
                 [1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 10080]) AS late_over_minutes,
       count() AS events
FROM raw_registration
GROUP BY province_code, facility_id, minute, late_over_minutes;

CREATE MATERIALIZED VIEW IF NOT EXISTS late_events_visit_mv TO late_events_facility_minute AS
SELECT province_code, facility_id, toStartOfMinute(occurred_at) AS minute, 'visit' AS family,
       arrayLast(b -> toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(occurred_at) > b * 60000,
                 [1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 10080]) AS late_over_minutes,
       count() AS events
FROM raw_visit
GROUP BY province_code, facility_id, minute, late_over_minutes;

CREATE MATERIALIZED VIEW IF NOT EXISTS late_events_stock_mv TO late_events_facility_minute AS
SELECT province_code, facility_id, toStartOfMinute(occurred_at) AS minute, 'stock' AS family,
       arrayLast(b -> toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(occurred_at) > b * 60000,
                 [1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 10080]) AS late_over_minutes,
       count() AS events
FROM raw_stock
GROUP BY province_code, facility_id, minute, late_over_minutes;

CREATE MATERIALIZED VIEW IF NOT EXISTS late_events_coldchain_mv TO late_events_facility_minute AS
SELECT province_code, facility_id, toStartOfMinute(occurred_at) AS minute, 'coldchain' AS family,
       arrayLast(b -> toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(occurred_at) > b * 60000,
                 [1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 10080]) AS late_over_minutes,
       count() AS events
FROM raw_coldchain
GROUP BY province_code, facility_id, minute, late_over_minutes;

CREATE MATERIALIZED VIEW IF NOT EXISTS late_events_verification_mv TO late_events_facility_minute AS
SELECT province_code, facility_id, toStartOfMinute(occurred_at) AS minute, 'verification' AS family,
       arrayLast(b -> toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(occurred_at) > b * 60000,
                 [1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 10080]) AS late_over_minutes,
       count() AS events
FROM raw_verification
GROUP BY province_code, facility_id, minute, late_over_minutes;

CREATE TABLE IF NOT EXISTS late_events_facility_day (
    province_code LowCardinality(String),
    facility_id String,
    day Date,
    family LowCardinality(String),
    late_over_minutes UInt16,
    events UInt64
) ENGINE = SummingMergeTree
ORDER BY (province_code, facility_id, day, family, late_over_minutes)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS late_events_facility_day_mv TO late_events_facility_day AS
SELECT province_code, facility_id, toDate(minute, 'Asia/Ho_Chi_Minh') AS day, family, late_over_minutes, sum(events) AS events
FROM late_events_facility_minute
GROUP BY province_code, facility_id, day, family, late_over_minutes;

CREATE TABLE IF NOT EXISTS late_events_province_minute (
    province_code LowCardinality(String),
    minute DateTime('UTC'),
    family LowCardinality(String),
    late_over_minutes UInt16,
    events UInt64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (province_code, minute, family, late_over_minutes)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS late_events_province_minute_mv TO late_events_province_minute AS
SELECT province_code, minute, family, late_over_minutes, sum(events) AS events
FROM late_events_facility_minute
GROUP BY province_code, minute, family, late_over_minutes;

CREATE TABLE IF NOT EXISTS late_events_province_day (
    province_code LowCardinality(String),
    day Date,
    family LowCardinality(String),
    late_over_minutes UInt16,
    events UInt64
) ENGINE = SummingMergeTree
ORDER BY (province_code, day, family, late_over_minutes)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS late_events_province_day_mv TO late_events_province_day AS
SELECT province_code, toDate(minute, 'Asia/Ho_Chi_Minh') AS day, family, late_over_minutes, sum(events) AS events
FROM late_events_facility_minute
GROUP BY province_code, day, family, late_over_minutes;

-- Visit events of each site by the minute they happened and the minute the MCC received them, with the check-ins
-- and injections among them. A site is silent as seen at T when nothing it sent had arrived by T:
-- visit_steps_facility_minute (0004) knows only the event time, so once a site's held events are uploaded its past
-- looks busy, and replaying T would miss the silence it showed live. Sorted by minute before site, because the
-- screens read one day of every site in an area (in 0004's facility-first order that reads the whole month).
-- events keeps rows without check-ins or injections (SummingMergeTree drops rows whose sums are all 0).
CREATE TABLE IF NOT EXISTS visit_arrivals_facility_minute (
    province_code LowCardinality(String),
    minute DateTime('UTC'),
    facility_id String,
    received_minute DateTime('UTC'),
    checked_in UInt64,
    injected UInt64,
    events UInt64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (province_code, minute, facility_id, received_minute)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS visit_arrivals_facility_minute_mv TO visit_arrivals_facility_minute AS
SELECT
    province_code,
    toStartOfMinute(occurred_at) AS minute,
    facility_id,
    toStartOfMinute(ingested_at) AS received_minute,
    countIf(type = 'visit.checked_in') AS checked_in,
    countIf(type = 'visit.injected') AS injected,
    count() AS events
FROM raw_visit
GROUP BY province_code, minute, facility_id, received_minute;

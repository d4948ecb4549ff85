-- Rollups of doses and of the 4 steps of a visit, written by materialized views as raw rows arrive.
-- Two grains per rollup: local days (Asia/Ho_Chi_Minh, UTC+7) for history, minutes for the day in progress, so that
-- an answer "as of" any instant reads whole days before it plus the minutes of its own day (see
-- src/lib/server/queries/README.md). Province tables serve national and provincial scopes; facility tables serve
-- districts (through ref_facility) and sites.
-- Age band: age in the year of the injection, from the birth year on the record ('unknown' without one).
-- Every target keeps a de-duplication window: a job retried after its insert committed repeats its token, and
-- (deduplicate_blocks_in_dependent_materialized_views) the rollups then ignore the block as the raw table does.

CREATE TABLE IF NOT EXISTS doses_province_day (
    province_code LowCardinality(String),
    day Date,
    vaccine LowCardinality(String),
    dose_number UInt8,
    age_band LowCardinality(String),
    priority_group UInt8,
    doses UInt64
) ENGINE = SummingMergeTree
ORDER BY (province_code, day, vaccine, dose_number, age_band, priority_group)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS doses_province_day_mv TO doses_province_day AS
SELECT
    province_code,
    toDate(occurred_at, 'Asia/Ho_Chi_Minh') AS day,
    vaccine,
    dose_number,
    multiIf(birth_year = 0, 'unknown',
            toYear(occurred_at, 'Asia/Ho_Chi_Minh') - birth_year < 18, '<18',
            toYear(occurred_at, 'Asia/Ho_Chi_Minh') - birth_year < 50, '18-49',
            toYear(occurred_at, 'Asia/Ho_Chi_Minh') - birth_year < 65, '50-64', '65+') AS age_band,
    priority_group,
    count() AS doses
FROM raw_visit
WHERE type = 'visit.injected'
GROUP BY province_code, day, vaccine, dose_number, age_band, priority_group;

CREATE TABLE IF NOT EXISTS doses_province_minute (
    province_code LowCardinality(String),
    minute DateTime('UTC'),
    vaccine LowCardinality(String),
    dose_number UInt8,
    age_band LowCardinality(String),
    priority_group UInt8,
    doses UInt64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (province_code, minute, vaccine, dose_number, age_band, priority_group)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS doses_province_minute_mv TO doses_province_minute AS
SELECT
    province_code,
    toStartOfMinute(occurred_at) AS minute,
    vaccine,
    dose_number,
    multiIf(birth_year = 0, 'unknown',
            toYear(occurred_at, 'Asia/Ho_Chi_Minh') - birth_year < 18, '<18',
            toYear(occurred_at, 'Asia/Ho_Chi_Minh') - birth_year < 50, '18-49',
            toYear(occurred_at, 'Asia/Ho_Chi_Minh') - birth_year < 65, '50-64', '65+') AS age_band,
    priority_group,
    count() AS doses
FROM raw_visit
WHERE type = 'visit.injected'
GROUP BY province_code, minute, vaccine, dose_number, age_band, priority_group;

-- step: checked_in | screened | injected | observation_ended | aefi_reported | certified
-- outcome: the screening outcome (eligible | deferred | referred) or the AEFI grade (none | mild | severe)
-- reason: the deferral reason; vaccine and dose_number: of injections
CREATE TABLE IF NOT EXISTS visit_steps_province_minute (
    province_code LowCardinality(String),
    minute DateTime('UTC'),
    step LowCardinality(String),
    outcome LowCardinality(String),
    reason LowCardinality(String),
    vaccine LowCardinality(String),
    dose_number UInt8,
    n UInt64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (province_code, minute, step, outcome, reason, vaccine, dose_number)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS visit_steps_province_minute_mv TO visit_steps_province_minute AS
SELECT
    province_code,
    toStartOfMinute(occurred_at) AS minute,
    substring(type, 7) AS step,
    if(type = 'visit.screened', outcome, aefi) AS outcome,
    deferral_reason AS reason,
    vaccine,
    dose_number,
    count() AS n
FROM raw_visit
GROUP BY province_code, minute, step, outcome, reason, vaccine, dose_number;

CREATE TABLE IF NOT EXISTS visit_steps_province_day (
    province_code LowCardinality(String),
    day Date,
    step LowCardinality(String),
    outcome LowCardinality(String),
    reason LowCardinality(String),
    vaccine LowCardinality(String),
    dose_number UInt8,
    n UInt64
) ENGINE = SummingMergeTree
ORDER BY (province_code, day, step, outcome, reason, vaccine, dose_number)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS visit_steps_province_day_mv TO visit_steps_province_day AS
SELECT
    province_code,
    toDate(occurred_at, 'Asia/Ho_Chi_Minh') AS day,
    substring(type, 7) AS step,
    if(type = 'visit.screened', outcome, aefi) AS outcome,
    deferral_reason AS reason,
    vaccine,
    dose_number,
    count() AS n
FROM raw_visit
GROUP BY province_code, day, step, outcome, reason, vaccine, dose_number;

CREATE TABLE IF NOT EXISTS visit_steps_facility_minute (
    province_code LowCardinality(String),
    facility_id String,
    minute DateTime('UTC'),
    step LowCardinality(String),
    outcome LowCardinality(String),
    reason LowCardinality(String),
    vaccine LowCardinality(String),
    dose_number UInt8,
    n UInt64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (province_code, facility_id, minute, step, outcome, reason, vaccine, dose_number)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS visit_steps_facility_minute_mv TO visit_steps_facility_minute AS
SELECT
    province_code,
    facility_id,
    toStartOfMinute(occurred_at) AS minute,
    substring(type, 7) AS step,
    if(type = 'visit.screened', outcome, aefi) AS outcome,
    deferral_reason AS reason,
    vaccine,
    dose_number,
    count() AS n
FROM raw_visit
GROUP BY province_code, facility_id, minute, step, outcome, reason, vaccine, dose_number;

CREATE TABLE IF NOT EXISTS visit_steps_facility_day (
    province_code LowCardinality(String),
    facility_id String,
    day Date,
    step LowCardinality(String),
    outcome LowCardinality(String),
    reason LowCardinality(String),
    vaccine LowCardinality(String),
    dose_number UInt8,
    n UInt64
) ENGINE = SummingMergeTree
ORDER BY (province_code, facility_id, day, step, outcome, reason, vaccine, dose_number)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS visit_steps_facility_day_mv TO visit_steps_facility_day AS
SELECT
    province_code,
    facility_id,
    toDate(occurred_at, 'Asia/Ho_Chi_Minh') AS day,
    substring(type, 7) AS step,
    if(type = 'visit.screened', outcome, aefi) AS outcome,
    deferral_reason AS reason,
    vaccine,
    dose_number,
    count() AS n
FROM raw_visit
GROUP BY province_code, facility_id, day, step, outcome, reason, vaccine, dose_number;

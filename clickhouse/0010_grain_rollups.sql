-- Multi-grain rollups for the screens' snapshots. An answer "as of T" that sums everything so far reads, from ONE
-- table in ONE scan, the whole local months before a recent month boundary, then whole days, then T's day by its
-- whole hours before T's hour, then the minutes of T's hour:
--
--   WHERE (grain = 'month'  AND bucket <  days_from)
--      OR (grain = 'day'    AND bucket >= days_from AND bucket < day_start)
--      OR (grain = 'hour'   AND bucket >= day_start AND bucket < hour_start)
--      OR (grain = 'minute' AND bucket >= hour_start AND bucket < until)
--
-- so the rows read are bounded (a few months, ≤ ~40 days, ≤ 23 hours, ≤ 59 minutes per key) however long the
-- campaign and however late in the day. On this engine each extra table, UNION branch or JOIN costs milliseconds
-- of planning, and rows interleaved by province cost whole granules: hence one table, and the bucket before the
-- province in the national tables' keys (one instant's rows of all provinces are one key range).
-- bucket: the local (Asia/Ho_Chi_Minh) start of the month or day, the start of the hour or minute (UTC+7 has whole
-- hours), stored as UTC. One materialized view per table writes all grains of a block (ARRAY JOIN over the grains).
-- Small granules (1,024 rows): a read of a few buckets then reads little more than those buckets' rows.
-- The day/minute tables of 0004 and 0006 stay: the other queries read them.

-- Injections by province, vaccine and dose number: coverage so far, each of the last days, today's hours.
CREATE TABLE IF NOT EXISTS injections_province_grains (
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    bucket DateTime('UTC'),
    province_code LowCardinality(String),
    vaccine LowCardinality(String),
    dose_number UInt8,
    n UInt64
) ENGINE = SummingMergeTree
ORDER BY (grain, bucket, province_code, vaccine, dose_number)
SETTINGS non_replicated_deduplication_window = 10000, index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS injections_province_grains_mv TO injections_province_grains AS
SELECT g.1 AS grain, g.2 AS bucket, province_code, vaccine, dose_number, sum(c) AS n
FROM (
    SELECT province_code, toStartOfMinute(occurred_at) AS minute, vaccine, dose_number, count() AS c
    FROM raw_visit
    WHERE type = 'visit.injected'
    GROUP BY province_code, minute, vaccine, dose_number
)
ARRAY JOIN [
    ('month', toDateTime(toDateTime(toStartOfMonth(toDate(minute, 'Asia/Ho_Chi_Minh')), 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('day', toDateTime(toDateTime(toDate(minute, 'Asia/Ho_Chi_Minh'), 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('hour', toStartOfHour(minute)),
    ('minute', minute)
] AS g
GROUP BY grain, bucket, province_code, vaccine, dose_number;

-- The same per facility, for districts and sites: always read inside one province, so the province leads the key.
CREATE TABLE IF NOT EXISTS injections_facility_grains (
    province_code LowCardinality(String),
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    bucket DateTime('UTC'),
    facility_id String,
    vaccine LowCardinality(String),
    dose_number UInt8,
    n UInt64
) ENGINE = SummingMergeTree
ORDER BY (province_code, grain, bucket, facility_id, vaccine, dose_number)
SETTINGS non_replicated_deduplication_window = 10000, index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS injections_facility_grains_mv TO injections_facility_grains AS
SELECT province_code, g.1 AS grain, g.2 AS bucket, facility_id, vaccine, dose_number, sum(c) AS n
FROM (
    SELECT province_code, facility_id, toStartOfMinute(occurred_at) AS minute, vaccine, dose_number, count() AS c
    FROM raw_visit
    WHERE type = 'visit.injected'
    GROUP BY province_code, facility_id, minute, vaccine, dose_number
)
ARRAY JOIN [
    ('month', toDateTime(toDateTime(toStartOfMonth(toDate(minute, 'Asia/Ho_Chi_Minh')), 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('day', toDateTime(toDateTime(toDate(minute, 'Asia/Ho_Chi_Minh'), 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('hour', toStartOfHour(minute)),
    ('minute', minute)
] AS g
GROUP BY province_code, grain, bucket, facility_id, vaccine, dose_number;

-- The newest visit event (to its minute) of each province, by day, hour and minute: the freshness of a province
-- as of T is the max over whole days before T's day, T's whole hours, the minutes of T's hour.
CREATE TABLE IF NOT EXISTS visit_latest_province_grains (
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    bucket DateTime('UTC'),
    province_code LowCardinality(String),
    latest SimpleAggregateFunction(max, DateTime('UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY (grain, bucket, province_code)
SETTINGS non_replicated_deduplication_window = 10000, index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS visit_latest_province_grains_mv TO visit_latest_province_grains AS
SELECT g.1 AS grain, g.2 AS bucket, province_code, max(minute) AS latest
FROM (SELECT province_code, toStartOfMinute(occurred_at) AS minute FROM raw_visit GROUP BY province_code, minute)
ARRAY JOIN [
    ('day', toDateTime(toDateTime(toDate(minute, 'Asia/Ho_Chi_Minh'), 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('hour', toStartOfHour(minute)),
    ('minute', minute)
] AS g
GROUP BY grain, bucket, province_code;

-- Signed registration stage moves by province, fed from the blocks of registration_stage_province_minute (0006):
-- registration_moves is a Null table, so the minutes are where the moves can be read again (and backfilled from).
CREATE TABLE IF NOT EXISTS registration_stage_province_grains (
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    bucket DateTime('UTC'),
    province_code LowCardinality(String),
    stage LowCardinality(String),
    n Int64
) ENGINE = SummingMergeTree
ORDER BY (grain, bucket, province_code, stage)
SETTINGS non_replicated_deduplication_window = 10000, index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS registration_stage_province_grains_mv TO registration_stage_province_grains AS
SELECT g.1 AS grain, g.2 AS bucket, province_code, stage, sum(c) AS n
FROM (SELECT province_code, minute, stage, sum(n) AS c FROM registration_stage_province_minute GROUP BY province_code, minute, stage)
ARRAY JOIN [
    ('month', toDateTime(toDateTime(toStartOfMonth(toDate(minute, 'Asia/Ho_Chi_Minh')), 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('day', toDateTime(toDateTime(toDate(minute, 'Asia/Ho_Chi_Minh'), 'Asia/Ho_Chi_Minh'), 'UTC')),
    ('hour', toStartOfHour(minute)),
    ('minute', minute)
] AS g
GROUP BY grain, bucket, province_code, stage;

-- The visit flows of a day so far (each step, the screening outcome or AEFI grade, the deferral reason), by hour
-- and by minute only: the pipeline as of T reads T's whole hours and the minutes of its hour.
CREATE TABLE IF NOT EXISTS visit_steps_province_grains (
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    bucket DateTime('UTC'),
    province_code LowCardinality(String),
    step LowCardinality(String),
    outcome LowCardinality(String),
    reason LowCardinality(String),
    n UInt64
) ENGINE = SummingMergeTree
ORDER BY (grain, bucket, province_code, step, outcome, reason)
SETTINGS non_replicated_deduplication_window = 10000, index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS visit_steps_province_grains_mv TO visit_steps_province_grains AS
SELECT g.1 AS grain, g.2 AS bucket, province_code, step, outcome, reason, sum(c) AS n
FROM (
    SELECT province_code, toStartOfMinute(occurred_at) AS minute, substring(type, 7) AS step,
           if(type = 'visit.screened', outcome, aefi) AS outcome, deferral_reason AS reason, count() AS c
    FROM raw_visit
    GROUP BY province_code, minute, step, outcome, reason
)
ARRAY JOIN [('hour', toStartOfHour(minute)), ('minute', minute)] AS g
GROUP BY grain, bucket, province_code, step, outcome, reason;

-- The same per facility, with the newest minute of each bucket (a site's last event).
CREATE TABLE IF NOT EXISTS visit_steps_facility_grains (
    province_code LowCardinality(String),
    grain Enum8('month' = 1, 'day' = 2, 'hour' = 3, 'minute' = 4),
    bucket DateTime('UTC'),
    facility_id String,
    step LowCardinality(String),
    outcome LowCardinality(String),
    reason LowCardinality(String),
    n SimpleAggregateFunction(sum, UInt64),
    latest SimpleAggregateFunction(max, DateTime('UTC'))
) ENGINE = AggregatingMergeTree
ORDER BY (province_code, grain, bucket, facility_id, step, outcome, reason)
SETTINGS non_replicated_deduplication_window = 10000, index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS visit_steps_facility_grains_mv TO visit_steps_facility_grains AS
SELECT province_code, g.1 AS grain, g.2 AS bucket, facility_id, step, outcome, reason, sum(c) AS n, max(minute) AS latest
FROM (
    SELECT province_code, facility_id, toStartOfMinute(occurred_at) AS minute, substring(type, 7) AS step,
           if(type = 'visit.screened', outcome, aefi) AS outcome, deferral_reason AS reason, count() AS c
    FROM raw_visit
    GROUP BY province_code, facility_id, minute, step, outcome, reason
)
ARRAY JOIN [('hour', toStartOfHour(minute)), ('minute', minute)] AS g
GROUP BY province_code, grain, bucket, facility_id, step, outcome, reason;

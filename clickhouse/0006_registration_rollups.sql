-- Registrations: where each one stands as of any minute (registration_state, for every scoped question) and the stage
-- counts of every province (registration_stage_province_*, for the national map).
--
-- Stage as of T (events with occurred_at < T's minute + 1 min, as in src/lib/server/queries/README.md): the furthest a
-- registration got: submitted (awaiting approval) → approved (awaiting allocation) → allocated (awaiting scheduling) →
-- scheduled (slot ahead, or passed without a check-in) → closed. Closed: vaccinated (a visit.checked_in naming it: the
-- person came, which beats an earlier cancellation or no-show), else cancelled or no-show, the earlier of the two. Its
-- district: that of its latest allocation, else that of its latest scheduled site (ref_facility); its site: that of its
-- latest schedule.
--
-- registration_steps (Null engine) is the one funnel: every registration event and every check-in naming a registration.
--
-- registration_state: each registration's first time of each step and all its allocations and schedules, merged by min
-- and union: exact for any order of arrival, duplicates and reschedules included, for any T. Its rows of one
-- registration merge in the background, so a query groups by registration; reading a whole province that way costs
-- ~0.3-2 s of CPU at 100 M events (~6.6 M registrations), all of them ~20 s. Queries therefore first find the
-- registrations they need through minmax indexes (open at T: first_at < T <= open_until; a slot in a window) and then
-- read all rows of just those, by key: they cost the open registrations where ids grow with time (as the platform's
-- R-<province>-<yymmdd>-<n> do), and a full read of the scope otherwise. Small granules keep those reads by key short.
--
-- registration_stage_province_{day,minute}: signed moves per province (+1 into a stage, -1 out of the one left), so
-- that the open counts of all provinces as of T are a sum over the days before T plus T's day to its minute, whatever
-- the number of registrations. A move is known from its event, except for a cancellation, which does not say which stage
-- it ended: registration_cancel_moves_mv looks the registration up in registration_state and in its own insert (by min,
-- so it does not matter whether the state view ran first) and takes the stage it was in at the cancellation.
-- The trade-off: the moves are exact while registrations follow the contract's path (each step once and in order;
-- check-in or no-show only once scheduled; one closing event; a check-in in the registration's province; a
-- cancellation stored with or after its registration's earlier steps, not by a concurrent job). One that strays (a
-- second schedule, a check-in after a no-show recorded before an offline site uploaded it) leaves its province's counts
-- off by one for good, while registration_state stays right. Looking up every event would close that gap, but would
-- make every check-in insert read state all over its province. Measured on a 2-core machine shared with other work:
-- the national map query ~14-25 ms (p95 < 50 ms, ~20-25 ms CPU) at 100 M events, as on the test campaign; a province's
-- backlog ~70-100 ms CPU, the nation's ~0.7 s, a district's or site's 0.2-0.65 s (its closed registrations are read);
-- ingest pays ~0.15 s CPU per 10,000 registration events and ~0.1 s per 10,000 check-ins.
--
-- Every target keeps a de-duplication window: a job retried after its insert committed repeats its token, and
-- (deduplicate_blocks_in_dependent_materialized_views) the rollups then ignore the block as the raw table does.

CREATE TABLE IF NOT EXISTS registration_steps (
    province_code LowCardinality(String),
    registration_id String,
    step LowCardinality(String),
    at DateTime64(3, 'UTC'),
    district_code String,
    site_id String,
    slot_start Nullable(DateTime64(3, 'UTC'))
) ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS registration_steps_from_registration_mv TO registration_steps AS
SELECT
    province_code,
    registration_id,
    substring(type, 14) AS step,
    occurred_at AS at,
    district_code,
    site_id,
    slot_start
FROM raw_registration;

CREATE MATERIALIZED VIEW IF NOT EXISTS registration_steps_from_visit_mv TO registration_steps AS
SELECT
    province_code,
    registration_id,
    'checked_in' AS step,
    occurred_at AS at,
    '' AS district_code,
    '' AS site_id,
    CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS slot_start
FROM raw_visit
WHERE type = 'visit.checked_in' AND registration_id != '';

-- first_at, open_until and the slot bounds exist for their minmax indexes. open_until: the first closing (check-in,
-- cancellation, no-show), 2299-12-31 while open; slots_from / slots_to: 2299 / 1970 without a slot.
CREATE TABLE IF NOT EXISTS registration_state (
    province_code LowCardinality(String),
    registration_id String,
    first_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    open_until SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    slots_from SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    slots_to SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    submitted_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    approved_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    checked_in_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    cancelled_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    no_show_at SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    allocations SimpleAggregateFunction(groupArrayArray, Array(Tuple(at DateTime64(3, 'UTC'), district_code String))),
    schedules SimpleAggregateFunction(groupArrayArray, Array(Tuple(at DateTime64(3, 'UTC'), site_id String, slot_start DateTime64(3, 'UTC')))),
    INDEX first_at_minmax first_at TYPE minmax GRANULARITY 1,
    INDEX open_until_minmax open_until TYPE minmax GRANULARITY 1,
    INDEX slots_minmax (slots_from, slots_to) TYPE minmax GRANULARITY 1
) ENGINE = AggregatingMergeTree
ORDER BY (province_code, registration_id)
SETTINGS index_granularity = 1024, non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS registration_state_mv TO registration_state AS
SELECT
    province_code,
    registration_id,
    min(at) AS first_at,
    min(if(step IN ('checked_in', 'cancelled', 'no_show'), at, toDateTime64('2299-12-31 00:00:00', 3, 'UTC'))) AS open_until,
    min(if(step = 'scheduled', assumeNotNull(slot_start), toDateTime64('2299-12-31 00:00:00', 3, 'UTC'))) AS slots_from,
    max(if(step = 'scheduled', assumeNotNull(slot_start), toDateTime64(0, 3, 'UTC'))) AS slots_to,
    min(if(step = 'submitted', at, NULL)) AS submitted_at,
    min(if(step = 'approved', at, NULL)) AS approved_at,
    min(if(step = 'checked_in', at, NULL)) AS checked_in_at,
    min(if(step = 'cancelled', at, NULL)) AS cancelled_at,
    min(if(step = 'no_show', at, NULL)) AS no_show_at,
    groupArrayIf((at, district_code), step = 'allocated') AS allocations,
    groupArrayIf((at, site_id, assumeNotNull(slot_start)), step = 'scheduled') AS schedules
FROM registration_steps
GROUP BY province_code, registration_id;

-- stage: submitted | approved | allocated | scheduled (open) · vaccinated | cancelled | no_show (closed); n: signed.
CREATE TABLE IF NOT EXISTS registration_moves (
    province_code LowCardinality(String),
    at DateTime64(3, 'UTC'),
    stage LowCardinality(String),
    n Int64
) ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS registration_moves_mv TO registration_moves AS
SELECT province_code, at, move.1 AS stage, move.2 AS n
FROM registration_steps
ARRAY JOIN CAST(multiIf(
    step = 'submitted', [('submitted', 1)],
    step = 'approved', [('approved', 1), ('submitted', -1)],
    step = 'allocated', [('allocated', 1), ('approved', -1)],
    step = 'scheduled', [('scheduled', 1), ('allocated', -1)],
    step = 'checked_in', [('vaccinated', 1), ('scheduled', -1)],
    step = 'no_show', [('no_show', 1), ('scheduled', -1)],
    []), 'Array(Tuple(String, Int64))') AS move;

-- The stage a cancelled registration leaves: the furthest of its steps up to the cancellation (rank 1-4; 0: none known).
CREATE MATERIALIZED VIEW IF NOT EXISTS registration_cancel_moves_mv TO registration_moves AS
SELECT c.province_code AS province_code, c.at AS at, move.1 AS stage, move.2 AS n
FROM registration_steps AS c
LEFT JOIN (
    SELECT province_code, registration_id, groupArrayArray(reached) AS reached
    FROM (
        SELECT
            province_code,
            registration_id,
            arrayConcat(
                if(submitted_at IS NULL, [], [(assumeNotNull(submitted_at), 1)]),
                if(approved_at IS NULL, [], [(assumeNotNull(approved_at), 2)]),
                arrayMap(at -> (at, 3), allocations.at),
                arrayMap(at -> (at, 4), schedules.at)
            ) AS reached
        FROM registration_state
        WHERE (province_code, registration_id) IN (SELECT province_code, registration_id FROM registration_steps WHERE step = 'cancelled')
        UNION ALL
        SELECT province_code, registration_id, [(at, indexOf(['submitted', 'approved', 'allocated', 'scheduled'], step))]
        FROM registration_steps
        WHERE step IN ('submitted', 'approved', 'allocated', 'scheduled')
          AND (province_code, registration_id) IN (SELECT province_code, registration_id FROM registration_steps WHERE step = 'cancelled')
    )
    GROUP BY province_code, registration_id
) AS known ON known.province_code = c.province_code AND known.registration_id = c.registration_id
ARRAY JOIN arrayFilter(
    m -> m.1 != '',
    [('cancelled', 1), (['', 'submitted', 'approved', 'allocated', 'scheduled'][1 + arrayMax(r -> if(r.1 <= c.at, r.2, 0), known.reached)], -1)]
) AS move
WHERE c.step = 'cancelled';

-- Minute first: its one reader takes one day of all provinces.
CREATE TABLE IF NOT EXISTS registration_stage_province_minute (
    province_code LowCardinality(String),
    minute DateTime('UTC'),
    stage LowCardinality(String),
    n Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, province_code, stage)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS registration_stage_province_minute_mv TO registration_stage_province_minute AS
SELECT province_code, toStartOfMinute(at) AS minute, stage, sum(n) AS n
FROM registration_moves
GROUP BY province_code, minute, stage;

CREATE TABLE IF NOT EXISTS registration_stage_province_day (
    province_code LowCardinality(String),
    day Date,
    stage LowCardinality(String),
    n Int64
) ENGINE = SummingMergeTree
ORDER BY (province_code, day, stage)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS registration_stage_province_day_mv TO registration_stage_province_day AS
SELECT province_code, toDate(at, 'Asia/Ho_Chi_Minh') AS day, stage, sum(n) AS n
FROM registration_moves
GROUP BY province_code, day, stage;

-- Alerts and what the alert rules read that no other rollup gives.
-- alerts: the current state of every alert, one row per change (ReplacingMergeTree on version: read with FINAL).
-- alert_log: the audit trail, one row per transition or operator action (never updated).
-- coldchain_readings_by_time: cold-chain readings ordered by time, so the rules read the last hours of every
-- device without scanning raw_coldchain, which is ordered by facility first.

CREATE TABLE IF NOT EXISTS alerts (
    id String,
    key String,
    rule LowCardinality(String),
    severity LowCardinality(String),
    state LowCardinality(String),
    province_code LowCardinality(String),
    district_code String,
    facility_id String,
    vaccine LowCardinality(String),
    lot_number String,
    params String,
    opened_at DateTime64(3, 'UTC'),
    last_seen_at DateTime64(3, 'UTC'),
    clear_since Nullable(DateTime64(3, 'UTC')),
    escalated UInt8,
    acknowledged_at Nullable(DateTime64(3, 'UTC')),
    acknowledged_by String,
    assigned_to String,
    resolved_at Nullable(DateTime64(3, 'UTC')),
    resolved_by String,
    resolution LowCardinality(String),
    latched UInt8,
    notes String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY id;

CREATE TABLE IF NOT EXISTS alert_log (
    at DateTime64(3, 'UTC'),
    alert_id String,
    rule LowCardinality(String),
    province_code LowCardinality(String),
    transition LowCardinality(String),
    actor String,
    state LowCardinality(String),
    severity LowCardinality(String),
    note String,
    params String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (alert_id, at);

CREATE TABLE IF NOT EXISTS coldchain_readings_by_time (
    occurred_at DateTime64(3, 'UTC'),
    province_code LowCardinality(String),
    facility_id String,
    device_id String,
    vaccine LowCardinality(String),
    temperature_c Float32,
    event_id UUID
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (occurred_at, facility_id, device_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS coldchain_readings_by_time_mv TO coldchain_readings_by_time AS
SELECT occurred_at, province_code, facility_id, device_id, vaccine, temperature_c, event_id
FROM raw_coldchain;

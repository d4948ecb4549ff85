-- Raw event tables, one per family. Stored by event time (occurred_at) with the ingest time kept,
-- so a backfill lands on its true day and the late share can be measured.
-- ReplacingMergeTree on a key that ends in event_id is a safety net only: duplicates are stopped
-- before insert (event-id claims in Redis + insert_deduplication_token per job).
-- non_replicated_deduplication_window makes a retried insert with the same token a no-op.

CREATE TABLE IF NOT EXISTS raw_registration (
    event_id UUID,
    type LowCardinality(String),
    schema_version UInt8,
    occurred_at DateTime64(3, 'UTC'),
    ingested_at DateTime64(3, 'UTC'),
    province_code LowCardinality(String),
    facility_id String,
    source_key LowCardinality(String),
    registration_id String,
    citizen_hash String,
    birth_year UInt16,
    priority_group UInt8,
    channel LowCardinality(String),
    district_code String,
    site_id String,
    slot_start Nullable(DateTime64(3, 'UTC')),
    vaccine LowCardinality(String),
    dose_number UInt8,
    reason LowCardinality(String)
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (province_code, occurred_at, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS raw_visit (
    event_id UUID,
    type LowCardinality(String),
    schema_version UInt8,
    occurred_at DateTime64(3, 'UTC'),
    ingested_at DateTime64(3, 'UTC'),
    province_code LowCardinality(String),
    facility_id String,
    source_key LowCardinality(String),
    visit_id String,
    citizen_hash String,
    registration_id String,
    birth_year UInt16,
    priority_group UInt8,
    outcome LowCardinality(String),
    deferral_reason LowCardinality(String),
    vaccine LowCardinality(String),
    lot_number String,
    dose_number UInt8,
    table_no UInt8,
    aefi LowCardinality(String),
    aefi_symptoms String,
    certificate_no String
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (province_code, facility_id, occurred_at, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS raw_stock (
    event_id UUID,
    type LowCardinality(String),
    schema_version UInt8,
    occurred_at DateTime64(3, 'UTC'),
    ingested_at DateTime64(3, 'UTC'),
    province_code LowCardinality(String),
    facility_id String,
    source_key LowCardinality(String),
    vaccine LowCardinality(String),
    lot_number String,
    expiry_date Nullable(Date),
    doses Int64,
    counterpart_facility String,
    batch_id String,
    to_province LowCardinality(String),
    reason LowCardinality(String),
    on_hand Nullable(Int64)
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (province_code, facility_id, vaccine, lot_number, occurred_at, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS raw_coldchain (
    event_id UUID,
    type LowCardinality(String),
    schema_version UInt8,
    occurred_at DateTime64(3, 'UTC'),
    ingested_at DateTime64(3, 'UTC'),
    province_code LowCardinality(String),
    facility_id String,
    source_key LowCardinality(String),
    device_id String,
    temperature_c Float32,
    vaccine LowCardinality(String)
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (province_code, facility_id, device_id, occurred_at, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS raw_verification (
    event_id UUID,
    type LowCardinality(String),
    schema_version UInt8,
    occurred_at DateTime64(3, 'UTC'),
    ingested_at DateTime64(3, 'UTC'),
    province_code LowCardinality(String),
    facility_id String,
    source_key LowCardinality(String),
    visit_id String,
    citizen_hash String,
    outcome LowCardinality(String),
    reason LowCardinality(String)
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (province_code, occurred_at, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

-- Dead letters: every rejected event with its reasons, for review. Citizen IDs are redacted before they get here.
CREATE TABLE IF NOT EXISTS ingest_rejects (
    received_at DateTime64(3, 'UTC'),
    source_key LowCardinality(String),
    batch_index UInt32,
    event_id String,
    type String,
    errors Array(Tuple(path String, message String)),
    payload String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (received_at, source_key)
SETTINGS non_replicated_deduplication_window = 10000;

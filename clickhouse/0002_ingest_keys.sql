-- API keys of sites, stores and system channels. Only a SHA-256 of the secret is stored.
-- A new row for the same key_id with a higher version replaces the old one (rotation, revocation).
CREATE TABLE IF NOT EXISTS ingest_keys (
    key_id String,
    secret_hash String,
    kind LowCardinality(String),
    facility_id String,
    province_code LowCardinality(String),
    channel LowCardinality(String),
    label String,
    created_at DateTime64(3, 'UTC'),
    revoked_at Nullable(DateTime64(3, 'UTC')),
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY key_id;

-- Reference data: the admin hierarchy with populations, facilities (sites and the stores of the cold chain),
-- priority groups and vaccines. Seeded with generated data at first start (src/lib/server/reference/seed.ts,
-- version 1) and replaced by official lists with `npm run import:reference` (a higher version per import).
-- A row replaces the row with the same key and a lower version; read with FINAL. `deleted` = 1 hides a row
-- (ReplacingMergeTree's is_deleted), so a later import can withdraw a unit without a migration.
-- population18 is an estimate (ADULT_SHARE_ESTIMATE) where population18_estimated = 1.

CREATE TABLE IF NOT EXISTS ref_province (
    code String,
    iso String,
    name_vi String,
    name_en String,
    region LowCardinality(String),
    population UInt32,
    population18 UInt32,
    population18_estimated UInt8,
    version UInt64,
    deleted UInt8 DEFAULT 0
) ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY code;

CREATE TABLE IF NOT EXISTS ref_district (
    code String,
    province_code LowCardinality(String),
    name_vi String,
    name_en String,
    population UInt32,
    population18 UInt32,
    population18_estimated UInt8,
    lon Float64,
    lat Float64,
    source LowCardinality(String),
    version UInt64,
    deleted UInt8 DEFAULT 0
) ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY code;

CREATE TABLE IF NOT EXISTS ref_commune (
    code String,
    district_code String,
    province_code LowCardinality(String),
    name_vi String,
    name_en String,
    population UInt32,
    population18 UInt32,
    population18_estimated UInt8,
    source LowCardinality(String),
    version UInt64,
    deleted UInt8 DEFAULT 0
) ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY code;

CREATE TABLE IF NOT EXISTS ref_facility (
    id String,
    kind LowCardinality(String),
    level LowCardinality(String),
    province_code LowCardinality(String),
    district_code String,
    commune_code String,
    name_vi String,
    name_en String,
    lon Float64,
    lat Float64,
    tables UInt8,
    person_in_charge String,
    staff UInt16,
    emergency_team UInt8,
    internet Bool,
    computer Bool,
    printer Bool,
    qr_scanner Bool,
    supplier_id String,
    source LowCardinality(String),
    version UInt64,
    deleted UInt8 DEFAULT 0
) ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY id;

CREATE TABLE IF NOT EXISTS ref_priority_group (
    number UInt8,
    name_vi String,
    name_en String,
    version UInt64,
    deleted UInt8 DEFAULT 0
) ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY number;

CREATE TABLE IF NOT EXISTS ref_vaccine (
    code String,
    name String,
    manufacturer String,
    primary_doses UInt8,
    min_interval_days UInt16,
    storage_min_c Int8,
    storage_max_c Int8,
    version UInt64,
    deleted UInt8 DEFAULT 0
) ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY code;

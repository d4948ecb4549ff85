-- Access control (issue 7): users, wall-screen tokens and the audit log. src/lib/server/auth/.
--
-- users: one row per version of a user; the highest version wins (read with FINAL). Disabling a user writes a new
-- version with disabled = 1 (never deleted: the audit log names users). password_hash is an scrypt string
-- "scrypt$<log2 N>$<r>$<p>$<salt>$<hash>" (src/lib/server/auth/password.ts); no password is stored in clear.
-- role: national-viewer | province-viewer | operator | admin; province_code '' = the whole nation.
CREATE TABLE IF NOT EXISTS users (
    username String,
    user_id String,
    role LowCardinality(String),
    province_code LowCardinality(String),
    password_hash String,
    disabled UInt8,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    updated_at DateTime64(3, 'UTC'),
    updated_by String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY username;

-- Wall-screen tokens "mccw_<token_id>_<secret>": read-only, bound to one view (national or province:NN). Only a
-- SHA-256 of the secret is stored; the token is printed once when it is made. Revoking writes a new version with
-- revoked_at set (and a revocation marker in Redis, so it takes effect on the very next request and socket join).
CREATE TABLE IF NOT EXISTS wall_tokens (
    token_id String,
    secret_hash String,
    view String,
    label String,
    created_at DateTime64(3, 'UTC'),
    created_by String,
    revoked_at Nullable(DateTime64(3, 'UTC')),
    revoked_by String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY token_id;

-- Who did what to what, when and from where: admin actions (users, tokens, keys), operator actions (alerts),
-- logins and lockouts. Never a secret (password, token, key), never a citizen ID: auditLog() drops fields named
-- like secrets and masks runs of 9-12 digits. Plain MergeTree: every row is kept.
CREATE TABLE IF NOT EXISTS audit_log (
    at DateTime64(3, 'UTC'),
    actor_kind LowCardinality(String),
    actor_id String,
    actor String,
    actor_role LowCardinality(String),
    action LowCardinality(String),
    target String,
    scope String,
    outcome LowCardinality(String),
    ip String,
    user_agent String,
    detail String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, action);

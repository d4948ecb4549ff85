// The one place that reads the environment. Every other module receives a typed Config.
import { randomBytes } from 'node:crypto';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../domain/alerts/rules.ts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';

export interface Config {
	env: 'development' | 'production' | 'test';
	host: string;
	port: number;
	dataDir: string;
	logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
	clickhouse:
		| { mode: 'server'; url: string; username: string; password: string; database: string }
		| { mode: 'embedded'; path: string };
	redis: { mode: 'external'; url: string } | { mode: 'managed'; bin: string; dir: string; socket: string };
	citizenIdSecret: string;
	ingest: {
		/** Run the BullMQ worker inside the web process (always, in embedded mode). */
		workerInProcess: boolean;
		maxEventsPerBatch: number;
		maxBodyBytes: number;
		/** Queued jobs (waiting, delayed, prioritized, active) from which POST /api/v1/events answers 429. */
		maxQueueJobs: number;
		/** Group commit in the API: accepted events are enqueued as one job per this many events or ms. */
		flushEvents: number;
		flushMs: number;
		/** The longest the group commit waits while the worker is behind (see ingest/group-commit.ts). */
		flushMaxMs: number;
		workerConcurrency: number;
		/** How long an event id is remembered for de-duplication of client retries. */
		dedupTtlHours: number;
		/** A job whose worker died is retried after this long (BullMQ lock duration). */
		lockMs: number;
		maxFutureSkewMs: number;
		/** Port of /metrics and /healthz of a standalone worker (`npm run ingest`); 0 turns them off. */
		workerMetricsPort: number;
		/** Requests per key per window on POST /api/v1/events (429 + Retry-After beyond); 0 = no limit. */
		rateLimit: { requests: number; windowMs: number };
	};
	/** Access control (src/lib/server/auth): always on; these are its lifetimes and limits. */
	auth: {
		/** A user's session ends after this long without a request or an open live screen… */
		sessionIdleMs: number;
		/** …and in any case this long after login. */
		sessionMaxMs: number;
		/** A wall screen's session (from its token): idle and absolute lifetime. */
		wallSessionMs: number;
		login: { maxFailures: number; maxFailuresPerIp: number; lockoutMs: number; windowMs: number };
		/** Development only: with no user at all, create an admin and write its password to DATA_DIR/initial-admin.txt. */
		bootstrapAdmin: boolean;
		/** HOST_HEADER of adapter-node (a trusted proxy's x-forwarded-host): the host socket.io origins are checked against. */
		hostHeader: string | null;
	};
	/** How a request's URL is known (src/main.ts over adapter-node's handler; src/lib/server/http-origin.ts). */
	http: {
		/**
		 * PROTOCOL_HEADER of adapter-node: a trusted proxy's header carrying the original protocol (x-forwarded-proto).
		 * Null: the connection's own protocol (plain http unless the socket is TLS), never what a client claims.
		 */
		protocolHeader: string | null;
	};
	/** METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <token>`; null leaves it public. */
	metricsToken: string | null;
	/** The campaign simulator run inside `npm start` (src/lib/simulator), posting to this server. */
	simulator: {
		enabled: boolean;
		/** First simulated day (YYYY-MM-DD, local midnight UTC+7). */
		from: string;
		/** Backfill as fast as the server takes it until this day, then live. */
		backfillUntil: string;
		/** Live: simulated seconds per real second. */
		speed: number;
		seed: number;
		/** People multiplier (1 = the real country). */
		scale: number;
	};
	/**
	 * What "now" is for live screens: the wall clock, or the newest event received ("data": for a simulated or
	 * replayed campaign, whose events are dated 2021).
	 */
	liveClock: 'wall' | 'data';
	/**
	 * Multiplier of the census populations used as coverage denominators: a simulated campaign at scale s vaccinates
	 * s × the country, so its coverage is read against s × the population (shown on screen). 1 for a real campaign.
	 */
	populationScale: number;
	alerts: {
		/** The alert engine runs in web processes (one at a time holds its lease). */
		enabled: boolean;
		intervalMs: number;
		clearAfterMs: number;
		escalateAfterMs: number;
		thresholds: Thresholds;
	};
}

export class ConfigError extends Error {
	constructor(key: string, rule: string, fix: string) {
		super(`Configuration error: ${key} ${rule}. Fix: ${fix}`);
		this.name = 'ConfigError';
	}
}

type Env = Record<string, string | undefined>;

function int(env: Env, key: string, fallback: number, min: number, max: number): number {
	const raw = env[key];
	if (raw === undefined || raw === '') return fallback;
	const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new ConfigError(key, `must be an integer between ${min} and ${max} (got "${raw}")`, `set ${key}=${fallback} or unset it`);
	}
	return value;
}

function oneOf<T extends string>(env: Env, key: string, allowed: readonly T[], fallback: T): T {
	const raw = env[key];
	if (raw === undefined || raw === '') return fallback;
	if (!(allowed as readonly string[]).includes(raw)) {
		throw new ConfigError(key, `must be one of ${allowed.join(', ')} (got "${raw}")`, `set ${key}=${fallback}`);
	}
	return raw as T;
}

/** A local time of day HH:MM, as minutes after midnight. */
function clockMinutes(env: Env, key: string, fallback: string): number {
	const value = env[key] || fallback;
	const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
	if (!m) throw new ConfigError(key, `must be a time of day HH:MM (got "${value}")`, `set ${key}=${fallback} or another time`);
	return Number(m[1]) * 60 + Number(m[2]);
}

function bool(env: Env, key: string, fallback: boolean): boolean {
	const raw = env[key];
	if (raw === undefined || raw === '') return fallback;
	if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
	if (['0', 'false', 'no', 'off'].includes(raw)) return false;
	throw new ConfigError(key, `must be true or false (got "${raw}")`, `set ${key}=${fallback}`);
}

function num(env: Env, key: string, fallback: number, min: number, max: number): number {
	const raw = env[key];
	if (raw === undefined || raw === '') return fallback;
	const value = /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(raw) ? Number(raw) : NaN;
	if (!Number.isFinite(value) || value < min || value > max) {
		throw new ConfigError(key, `must be a number from ${min} to ${max} (got "${raw}")`, `set ${key}=${fallback} or unset it`);
	}
	return value;
}

function day(env: Env, key: string, fallback: string): string {
	const raw = env[key];
	if (raw === undefined || raw === '') return fallback;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) || raw < '2021-01-01' || raw > '2099-12-31') {
		throw new ConfigError(key, `must be a date YYYY-MM-DD from 2021-01-01 (got "${raw}")`, `set ${key}=${fallback} or unset it`);
	}
	return raw;
}

/** A date (YYYY-MM-DD, local midnight) or a date-time with its offset (2021-08-02T09:00:00+07:00). */
function dayOrInstant(env: Env, key: string, fallback: string): string {
	const raw = env[key];
	if (raw === undefined || raw === '') return fallback;
	if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return day(env, key, fallback);
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw)) || raw < '2021-01-01') {
		throw new ConfigError(key, `must be a date YYYY-MM-DD or a date-time with offset from 2021-01-01 (got "${raw}")`, `set ${key}=${fallback} or unset it`);
	}
	return raw;
}

function url(env: Env, key: string, protocols: string[]): string | undefined {
	const raw = env[key];
	if (raw === undefined || raw === '') return undefined;
	let parsed: URL;
	try {
		parsed = new URL(raw);
	} catch {
		throw new ConfigError(key, `is not a valid URL (got "${raw}")`, `use e.g. ${protocols[0]}//host:port, or unset ${key} for the embedded default`);
	}
	if (!protocols.includes(parsed.protocol)) {
		throw new ConfigError(key, `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`, `use e.g. ${protocols[0]}//host:port`);
	}
	return raw;
}

/**
 * The HMAC secret that turns citizen IDs into pseudonyms. In production it must come from the environment;
 * elsewhere a random one is created once under DATA_DIR so a fresh `npm start` needs no setup.
 */
function citizenIdSecret(env: Env, mode: Config['env'], dataDir: string): string {
	const raw = env.CITIZEN_ID_SECRET;
	if (raw !== undefined && raw !== '') {
		if (raw.length < 32) {
			throw new ConfigError('CITIZEN_ID_SECRET', 'must be at least 32 characters', 'generate one with `openssl rand -hex 32`');
		}
		return raw;
	}
	if (mode === 'production') {
		throw new ConfigError('CITIZEN_ID_SECRET', 'is required in production', 'generate one with `openssl rand -hex 32` and keep it: changing it unlinks every person from their earlier doses');
	}
	const file = join(dataDir, 'citizen-id.secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	mkdirSync(dataDir, { recursive: true });
	const secret = randomBytes(32).toString('hex');
	writeFileSync(file, secret + '\n', { mode: 0o600 });
	return secret;
}

/**
 * What src/main.ts sets PROTOCOL_HEADER to when the operator set none: a header of its own, written on every request
 * from the connection (http, or https on a TLS socket) over anything a client sent. Read back as "no proxy header".
 */
export const CONNECTION_PROTOCOL_HEADER = 'x-mcc-connection-protocol';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

function http(env: Env): Config['http'] {
	if (env.ORIGIN !== undefined && env.ORIGIN !== '') {
		// adapter-node 6 no longer reads ORIGIN (the origin is the build option kit.paths.origin). Ignoring it silently
		// would leave a deployment that relies on it with requests taken as plain http, and every form post refused.
		throw new ConfigError('ORIGIN', 'is not read by this server (adapter-node 6 dropped it)', 'unset ORIGIN; behind a proxy that terminates TLS set PROTOCOL_HEADER=x-forwarded-proto (and HOST_HEADER=x-forwarded-host if it changes the Host header)');
	}
	const raw = env.PROTOCOL_HEADER;
	if (raw === undefined || raw === '') return { protocolHeader: null };
	if (!HEADER_NAME.test(raw)) {
		throw new ConfigError('PROTOCOL_HEADER', `must be an HTTP header name (got "${raw}")`, 'set PROTOCOL_HEADER=x-forwarded-proto behind a proxy that terminates TLS, or unset it');
	}
	const header = raw.toLowerCase();
	return { protocolHeader: header === CONNECTION_PROTOCOL_HEADER ? null : header };
}

function metricsToken(env: Env): string | null {
	const raw = env.METRICS_TOKEN;
	if (raw === undefined || raw === '') return null;
	if (raw.length < 16 || !/^[\x21-\x7e]+$/.test(raw)) {
		throw new ConfigError('METRICS_TOKEN', 'must be at least 16 printable ASCII characters without spaces', 'generate one with `openssl rand -hex 32`, or unset METRICS_TOKEN to leave /metrics public');
	}
	return raw;
}

function auth(env: Env, mode: Config['env']): Config['auth'] {
	const bootstrapAdmin = bool(env, 'AUTH_BOOTSTRAP_ADMIN', mode === 'development');
	if (bootstrapAdmin && mode === 'production') {
		throw new ConfigError('AUTH_BOOTSTRAP_ADMIN', 'cannot be on in production', 'unset it and create the first admin with `npm run admin -- create-user --username NAME --role admin` (password on stdin)');
	}
	const sessionMaxMs = int(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 31) * 3_600_000;
	const sessionIdleMs = int(env, 'SESSION_IDLE_MINUTES', 120, 1, 24 * 60 * 31) * 60_000;
	if (sessionIdleMs > sessionMaxMs) {
		throw new ConfigError('SESSION_IDLE_MINUTES', `must not exceed SESSION_MAX_HOURS (${sessionMaxMs / 3_600_000} h)`, 'lower SESSION_IDLE_MINUTES or raise SESSION_MAX_HOURS');
	}
	return {
		sessionIdleMs,
		sessionMaxMs,
		wallSessionMs: int(env, 'WALL_SESSION_DAYS', 30, 1, 400) * 86_400_000,
		login: {
			maxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1_000),
			maxFailuresPerIp: int(env, 'LOGIN_MAX_FAILURES_PER_IP', 30, 1, 100_000),
			lockoutMs: int(env, 'LOGIN_LOCKOUT_SECONDS', 30, 1, 86_400) * 1000,
			windowMs: int(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 1_440) * 60_000
		},
		bootstrapAdmin,
		hostHeader: env.HOST_HEADER ? env.HOST_HEADER.toLowerCase() : null
	};
}

export function loadConfig(env: Env = process.env): Config {
	const mode = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
	const dataDir = resolve(env.DATA_DIR || './data');
	const clickhouseUrl = url(env, 'CLICKHOUSE_URL', ['http:', 'https:']);
	const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
	const embedded = clickhouseUrl === undefined;
	const workerInProcess = embedded ? true : bool(env, 'INGEST_WORKER_IN_PROCESS', true);
	const simulatorFrom = day(env, 'SIMULATOR_FROM', '2021-07-10');
	// Live from a busy morning, so a newcomer sees sites at work within a minute of `npm start`.
	const simulatorBackfillUntil = dayOrInstant(env, 'SIMULATOR_BACKFILL_UNTIL', '2021-08-02T09:00:00+07:00');
	if (Date.parse(simulatorBackfillUntil) < Date.parse(simulatorFrom)) {
		throw new ConfigError('SIMULATOR_BACKFILL_UNTIL', `must not be before SIMULATOR_FROM (${simulatorFrom})`, `set SIMULATOR_BACKFILL_UNTIL=${simulatorFrom} (live at once) or later`);
	}
	if (embedded && env.INGEST_WORKER_IN_PROCESS && !bool(env, 'INGEST_WORKER_IN_PROCESS', true)) {
		throw new ConfigError('INGEST_WORKER_IN_PROCESS', 'cannot be false while CLICKHOUSE_URL is unset (only one process may open the embedded engine)', 'set CLICKHOUSE_URL to a ClickHouse server, or unset INGEST_WORKER_IN_PROCESS');
	}
	return {
		env: mode,
		host: env.HOST || '0.0.0.0',
		port: int(env, 'PORT', 3000, 0, 65535),
		dataDir,
		logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
		clickhouse: clickhouseUrl === undefined
			? { mode: 'embedded', path: join(dataDir, 'clickhouse') }
			: {
					mode: 'server',
					url: clickhouseUrl,
					username: env.CLICKHOUSE_USER || 'default',
					password: env.CLICKHOUSE_PASSWORD || '',
					database: env.CLICKHOUSE_DATABASE || 'default'
				},
		redis: redisUrl
			? { mode: 'external', url: redisUrl }
			: {
					mode: 'managed',
					bin: env.REDIS_SERVER_BIN || 'redis-server',
					dir: join(dataDir, 'redis'),
					socket: join(dataDir, 'redis', 'redis.sock')
				},
		citizenIdSecret: citizenIdSecret(env, mode, dataDir),
		ingest: {
			workerInProcess,
			maxEventsPerBatch: int(env, 'INGEST_MAX_EVENTS_PER_BATCH', 10_000, 1, 100_000),
			maxBodyBytes: int(env, 'INGEST_MAX_BODY_BYTES', 16 * 1024 * 1024, 1024, 256 * 1024 * 1024),
			maxQueueJobs: int(env, 'INGEST_MAX_QUEUE_JOBS', 200, 1, 1_000_000),
			flushEvents: int(env, 'INGEST_FLUSH_EVENTS', 20_000, 1, 100_000),
			flushMs: int(env, 'INGEST_FLUSH_MS', 250, 0, 10_000),
			flushMaxMs: int(env, 'INGEST_FLUSH_MAX_MS', 1_000, 0, 60_000),
			// Embedded, the engine takes one insert at a time (clickhouse/client.ts): more jobs at once only queue there.
			workerConcurrency: int(env, 'INGEST_WORKER_CONCURRENCY', embedded ? 2 : 8, 1, 64),
			dedupTtlHours: int(env, 'INGEST_DEDUP_TTL_HOURS', 72, 1, 24 * 365),
			lockMs: int(env, 'INGEST_LOCK_MS', 30_000, 1_000, 600_000),
			maxFutureSkewMs: int(env, 'INGEST_MAX_FUTURE_SKEW_SECONDS', 600, 0, 86_400) * 1000,
			workerMetricsPort: int(env, 'INGEST_WORKER_METRICS_PORT', 9464, 0, 65535),
			rateLimit: {
				requests: int(env, 'INGEST_RATE_LIMIT', 1_200, 0, 10_000_000),
				windowMs: int(env, 'INGEST_RATE_WINDOW_SECONDS', 60, 1, 3_600) * 1000
			}
		},
		auth: auth(env, mode),
		http: http(env),
		metricsToken: metricsToken(env),
		simulator: {
			// On by default for a developer's `npm start` only: never in production, and not in tests (they count events).
			enabled: bool(env, 'SIMULATOR', mode === 'development'),
			from: simulatorFrom,
			backfillUntil: simulatorBackfillUntil,
			speed: num(env, 'SIMULATOR_SPEED', 60, 0.001, 1_000_000),
			seed: int(env, 'SIMULATOR_SEED', 7, 0, 4_294_967_295),
			scale: num(env, 'SIMULATOR_SCALE', 0.002, 0.000001, 1)
		},
		liveClock: oneOf(env, 'LIVE_CLOCK', ['wall', 'data'], bool(env, 'SIMULATOR', mode === 'development') ? 'data' : 'wall'),
		alerts: {
			enabled: bool(env, 'ALERTS', true),
			intervalMs: int(env, 'ALERT_INTERVAL_SECONDS', 30, 1, 3_600) * 1000,
			clearAfterMs: int(env, 'ALERT_CLEAR_AFTER_MINUTES', 10, 0, 1_440) * 60_000,
			escalateAfterMs: int(env, 'ALERT_ESCALATE_AFTER_MINUTES', 15, 1, 1_440) * 60_000,
			thresholds: {
				sessionStartMinute: clockMinutes(env, 'ALERT_SESSION_START', '07:00'),
				sessionEndMinute: clockMinutes(env, 'ALERT_SESSION_END', '17:00'),
				breakStartMinute: clockMinutes(env, 'ALERT_BREAK_START', '11:30'),
				breakEndMinute: clockMinutes(env, 'ALERT_BREAK_END', '13:30'),
				queueMinutes: int(env, 'ALERT_QUEUE_MINUTES', DEFAULT_THRESHOLDS.queueMinutes, 5, 600),
				queueGiveUpMinutes: int(env, 'ALERT_QUEUE_GIVE_UP_MINUTES', DEFAULT_THRESHOLDS.queueGiveUpMinutes, 60, 1_440),
				observationMinutes: int(env, 'ALERT_OBSERVATION_MINUTES', DEFAULT_THRESHOLDS.observationMinutes, 30, 600),
				aefiMinutes: int(env, 'ALERT_AEFI_MINUTES', DEFAULT_THRESHOLDS.aefiMinutes, 5, 1_440),
				deferralRatio: num(env, 'ALERT_DEFERRAL_RATIO', DEFAULT_THRESHOLDS.deferralRatio, 1, 100),
				deferralMinScreened: int(env, 'ALERT_DEFERRAL_MIN_SCREENED', DEFAULT_THRESHOLDS.deferralMinScreened, 1, 1_000_000),
				coldchainMinutes: int(env, 'ALERT_COLDCHAIN_MINUTES', DEFAULT_THRESHOLDS.coldchainMinutes, 1, 1_440),
				stockoutHours: int(env, 'ALERT_STOCKOUT_HOURS', DEFAULT_THRESHOLDS.stockoutHours, 1, 720),
				stockoutMinDoses: int(env, 'ALERT_STOCKOUT_MIN_DOSES', DEFAULT_THRESHOLDS.stockoutMinDoses, 1, 100_000),
				expiryDays: int(env, 'ALERT_EXPIRY_DAYS', DEFAULT_THRESHOLDS.expiryDays, 1, 365),
				backlogDays: int(env, 'ALERT_BACKLOG_DAYS', DEFAULT_THRESHOLDS.backlogDays, 1, 365),
				backlogMin: int(env, 'ALERT_BACKLOG_MIN', DEFAULT_THRESHOLDS.backlogMin, 1, 1_000_000),
				noShowRatio: num(env, 'ALERT_NO_SHOW_RATIO', DEFAULT_THRESHOLDS.noShowRatio, 1, 100),
				noShowMinDue: int(env, 'ALERT_NO_SHOW_MIN_DUE', DEFAULT_THRESHOLDS.noShowMinDue, 1, 1_000_000),
				silentMinutes: int(env, 'ALERT_SILENT_MINUTES', DEFAULT_THRESHOLDS.silentMinutes, 5, 600),
				duplicatesMin: int(env, 'ALERT_DUPLICATES_MIN', DEFAULT_THRESHOLDS.duplicatesMin, 1, 1_000_000),
				earlySecondMin: int(env, 'ALERT_EARLY_SECOND_MIN', DEFAULT_THRESHOLDS.earlySecondMin, 1, 1_000_000),
				unverifiedDays: int(env, 'ALERT_UNVERIFIED_DAYS', DEFAULT_THRESHOLDS.unverifiedDays, 1, 365),
				unverifiedShare: num(env, 'ALERT_UNVERIFIED_SHARE', DEFAULT_THRESHOLDS.unverifiedShare, 0, 1)
			}
		},
		populationScale: num(env, 'POPULATION_SCALE', bool(env, 'SIMULATOR', mode === 'development') ? num(env, 'SIMULATOR_SCALE', 0.002, 0.000001, 1) : 1, 0.000001, 1)
	};
}

/** For process entry points: a configuration error is printed (naming the variable and the fix) and ends the process. */
export function loadConfigOrExit(env: Env = process.env): Config {
	try {
		return loadConfig(env);
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		console.error(error.message);
		process.exit(78); // EX_CONFIG
	}
}

// The one place that reads the environment. Every other module receives a typed Config.
import { randomBytes } from 'node:crypto';
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
		workerConcurrency: number;
		/** How long an event id is remembered for de-duplication of client retries. */
		dedupTtlHours: number;
		/** A job whose worker died is retried after this long (BullMQ lock duration). */
		lockMs: number;
		maxFutureSkewMs: number;
		/** Port of /metrics and /healthz of a standalone worker (`npm run ingest`); 0 turns them off. */
		workerMetricsPort: number;
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

function bool(env: Env, key: string, fallback: boolean): boolean {
	const raw = env[key];
	if (raw === undefined || raw === '') return fallback;
	if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
	if (['0', 'false', 'no', 'off'].includes(raw)) return false;
	throw new ConfigError(key, `must be true or false (got "${raw}")`, `set ${key}=${fallback}`);
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

export function loadConfig(env: Env = process.env): Config {
	const mode = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
	const dataDir = resolve(env.DATA_DIR || './data');
	const clickhouseUrl = url(env, 'CLICKHOUSE_URL', ['http:', 'https:']);
	const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
	const embedded = clickhouseUrl === undefined;
	const workerInProcess = embedded ? true : bool(env, 'INGEST_WORKER_IN_PROCESS', true);
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
			flushMs: int(env, 'INGEST_FLUSH_MS', 50, 0, 10_000),
			workerConcurrency: int(env, 'INGEST_WORKER_CONCURRENCY', 4, 1, 64),
			dedupTtlHours: int(env, 'INGEST_DEDUP_TTL_HOURS', 72, 1, 24 * 365),
			lockMs: int(env, 'INGEST_LOCK_MS', 30_000, 1_000, 600_000),
			maxFutureSkewMs: int(env, 'INGEST_MAX_FUTURE_SKEW_SECONDS', 600, 0, 86_400) * 1000,
			workerMetricsPort: int(env, 'INGEST_WORKER_METRICS_PORT', 9464, 0, 65535)
		}
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

import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTION_PROTOCOL_HEADER, ConfigError, loadConfig } from './config.ts';

const SECRET = 'a'.repeat(32);
let dataDir: string;

beforeEach(() => {
	dataDir = mkdtempSync(join(tmpdir(), 'mcc-config-test-'));
});
afterEach(() => {
	rmSync(dataDir, { recursive: true, force: true });
});

function configError(env: Record<string, string | undefined>): ConfigError {
	try {
		loadConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return error as ConfigError;
	}
	throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
	it('embedded ClickHouse and managed Redis under DATA_DIR when no URLs are set', () => {
		const config = loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET });
		expect(config.env).toBe('development');
		expect(config.port).toBe(3000);
		expect(config.host).toBe('0.0.0.0');
		expect(config.dataDir).toBe(dataDir);
		expect(config.clickhouse).toEqual({ mode: 'embedded', path: join(dataDir, 'clickhouse') });
		expect(config.redis).toEqual({
			mode: 'managed',
			bin: 'redis-server',
			dir: join(dataDir, 'redis'),
			socket: join(dataDir, 'redis', 'redis.sock')
		});
		expect(config.ingest.workerInProcess).toBe(true);
		expect(config.ingest.maxEventsPerBatch).toBe(10_000);
		expect(config.ingest.maxFutureSkewMs).toBe(600_000);
		expect(config.citizenIdSecret).toBe(SECRET);
	});

	it('empty strings count as unset', () => {
		const config = loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, PORT: '', CLICKHOUSE_URL: '', REDIS_URL: '' });
		expect(config.port).toBe(3000);
		expect(config.clickhouse.mode).toBe('embedded');
		expect(config.redis.mode).toBe('managed');
	});

	it('server ClickHouse and external Redis when URLs are set', () => {
		const config = loadConfig({
			DATA_DIR: dataDir,
			CITIZEN_ID_SECRET: SECRET,
			CLICKHOUSE_URL: 'http://ch:8123',
			CLICKHOUSE_USER: 'mcc',
			REDIS_URL: 'redis://cache:6379',
			INGEST_WORKER_IN_PROCESS: 'false',
			PORT: '8080',
			INGEST_MAX_FUTURE_SKEW_SECONDS: '30'
		});
		expect(config.clickhouse).toEqual({ mode: 'server', url: 'http://ch:8123', username: 'mcc', password: '', database: 'default' });
		expect(config.redis).toEqual({ mode: 'external', url: 'redis://cache:6379' });
		expect(config.ingest.workerInProcess).toBe(false);
		expect(config.port).toBe(8080);
		expect(config.ingest.maxFutureSkewMs).toBe(30_000);
	});
});

describe('loadConfig errors name the variable and say how to fix it', () => {
	it.each([
		['PORT', 'http'],
		['PORT', '70000'],
		['PORT', '-1'],
		['PORT', '80.5'],
		['CLICKHOUSE_URL', 'not a url'],
		['CLICKHOUSE_URL', 'ftp://ch:21'],
		['REDIS_URL', 'localhost:6379x'],
		['REDIS_URL', 'http://redis:6379'],
		['INGEST_MAX_EVENTS_PER_BATCH', '0'],
		['INGEST_MAX_EVENTS_PER_BATCH', '1000000'],
		['INGEST_MAX_EVENTS_PER_BATCH', 'many'],
		['NODE_ENV', 'staging'],
		['LOG_LEVEL', 'verbose'],
		['INGEST_WORKER_IN_PROCESS', 'maybe']
	])('%s=%j', (key, value) => {
		const env: Record<string, string> = { DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, [key]: value };
		// A boolean is only read in server mode.
		if (key === 'INGEST_WORKER_IN_PROCESS') env.CLICKHOUSE_URL = 'http://ch:8123';
		const error = configError(env);
		expect(error.message).toContain(key);
		expect(error.message).toContain('Fix:');
		expect(error.name).toBe('ConfigError');
	});

	it('INGEST_WORKER_IN_PROCESS=false without CLICKHOUSE_URL is refused', () => {
		const error = configError({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, INGEST_WORKER_IN_PROCESS: 'false' });
		expect(error.message).toContain('INGEST_WORKER_IN_PROCESS');
		expect(error.message).toContain('CLICKHOUSE_URL');
	});

	it('CITIZEN_ID_SECRET shorter than 32 characters', () => {
		const error = configError({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: 'short' });
		expect(error.message).toContain('CITIZEN_ID_SECRET');
		expect(error.message).toContain('at least 32');
		expect(error.message).toContain('Fix:');
	});

	it('production without CITIZEN_ID_SECRET, and no secret file is written', () => {
		const error = configError({ DATA_DIR: dataDir, NODE_ENV: 'production' });
		expect(error.message).toContain('CITIZEN_ID_SECRET');
		expect(error.message).toContain('required in production');
		expect(existsSync(join(dataDir, 'citizen-id.secret'))).toBe(false);
	});

	it('production with CITIZEN_ID_SECRET is fine', () => {
		expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', CITIZEN_ID_SECRET: SECRET }).citizenIdSecret).toBe(SECRET);
	});
});

describe('the development secret', () => {
	it('is created once under DATA_DIR and returned again on the next load', () => {
		const dir = join(dataDir, 'nested', 'data');
		const first = loadConfig({ DATA_DIR: dir });
		const file = join(dir, 'citizen-id.secret');
		expect(existsSync(file)).toBe(true);
		expect(first.citizenIdSecret).toMatch(/^[0-9a-f]{64}$/);
		expect(readFileSync(file, 'utf8').trim()).toBe(first.citizenIdSecret);
		expect(statSync(file).mode & 0o077).toBe(0);
		const second = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test' });
		expect(second.citizenIdSecret).toBe(first.citizenIdSecret);
	});

	it('differs between data directories', () => {
		const other = mkdtempSync(join(tmpdir(), 'mcc-config-test-'));
		try {
			expect(loadConfig({ DATA_DIR: dataDir }).citizenIdSecret).not.toBe(loadConfig({ DATA_DIR: other }).citizenIdSecret);
		} finally {
			rmSync(other, { recursive: true, force: true });
		}
	});
});

describe('the simulator settings', () => {
	it('run the simulator in development only by default, from 2021-07-10, backfilled to 9:00 on 2021-08-02, at 60× and scale 0.002', () => {
		const dev = loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET });
		expect(dev.simulator).toEqual({ enabled: true, from: '2021-07-10', backfillUntil: '2021-08-02T09:00:00+07:00', speed: 60, seed: 7, scale: 0.002 });
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, NODE_ENV: 'production' }).simulator.enabled).toBe(false);
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, NODE_ENV: 'test' }).simulator.enabled).toBe(false);
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, SIMULATOR: 'off' }).simulator.enabled).toBe(false);
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, NODE_ENV: 'production', SIMULATOR: 'on' }).simulator.enabled).toBe(true);
		// Live screens follow the simulated clock where the simulator runs, the wall clock elsewhere.
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, NODE_ENV: 'development' }).liveClock).toBe('data');
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, NODE_ENV: 'production' }).liveClock).toBe('wall');
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, NODE_ENV: 'production', LIVE_CLOCK: 'data' }).liveClock).toBe('data');
		expect(() => loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, LIVE_CLOCK: 'sundial' })).toThrow(/LIVE_CLOCK/);
		// Coverage of a simulated campaign is read against the simulated share of the population.
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, NODE_ENV: 'development', SIMULATOR_SCALE: '0.01' }).populationScale).toBe(0.01);
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, NODE_ENV: 'production' }).populationScale).toBe(1);
		expect(loadConfig({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, NODE_ENV: 'test', POPULATION_SCALE: '0.5' }).populationScale).toBe(0.5);
	});

	it('take explicit values', () => {
		const config = loadConfig({
			DATA_DIR: dataDir,
			CITIZEN_ID_SECRET: SECRET,
			SIMULATOR_FROM: '2021-09-01',
			SIMULATOR_BACKFILL_UNTIL: '2021-10-15',
			SIMULATOR_SPEED: '600',
			SIMULATOR_SEED: '42',
			SIMULATOR_SCALE: '0.01'
		});
		expect(config.simulator).toEqual({ enabled: true, from: '2021-09-01', backfillUntil: '2021-10-15', speed: 600, seed: 42, scale: 0.01 });
	});

	it('refuse impossible values, naming the variable', () => {
		expect(configError({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, SIMULATOR_FROM: '10/07/2021' }).message).toContain('SIMULATOR_FROM');
		expect(configError({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, SIMULATOR_FROM: '2021-09-01', SIMULATOR_BACKFILL_UNTIL: '2021-08-01' }).message).toContain('SIMULATOR_BACKFILL_UNTIL');
		expect(configError({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, SIMULATOR_SPEED: 'fast' }).message).toContain('SIMULATOR_SPEED');
		expect(configError({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, SIMULATOR_SCALE: '2' }).message).toContain('SIMULATOR_SCALE');
		expect(configError({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET, SIMULATOR: 'maybe' }).message).toContain('SIMULATOR');
	});
});

describe('loadConfig: SIMULATOR_BACKFILL_UNTIL', () => {
	it('takes a date or a date-time with its offset, and names the variable otherwise', () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'mcc-cfg-'));
		const base = { DATA_DIR: dataDir, CITIZEN_ID_SECRET: 'x'.repeat(32) };
		expect(loadConfig({ ...base, SIMULATOR_BACKFILL_UNTIL: '2021-09-01T14:30:00+07:00' }).simulator.backfillUntil).toBe('2021-09-01T14:30:00+07:00');
		expect(loadConfig({ ...base, SIMULATOR_BACKFILL_UNTIL: '2021-09-01' }).simulator.backfillUntil).toBe('2021-09-01');
		expect(() => loadConfig({ ...base, SIMULATOR_BACKFILL_UNTIL: '2021-09-01 14:30' })).toThrow(/SIMULATOR_BACKFILL_UNTIL must be a date/);
	});
});

describe('access control settings', () => {
	const base = () => ({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET });

	it('default: 2 h idle / 12 h sessions, 30-day wall screens, lockout after 5 failures (30 per address) from 30 s, 1,200 ingest requests a minute per key', () => {
		const config = loadConfig(base());
		expect(config.auth).toEqual({
			sessionIdleMs: 2 * 3_600_000,
			sessionMaxMs: 12 * 3_600_000,
			wallSessionMs: 30 * 86_400_000,
			login: { maxFailures: 5, maxFailuresPerIp: 30, lockoutMs: 30_000, windowMs: 15 * 60_000 },
			bootstrapAdmin: true, // development
			hostHeader: null
		});
		expect(config.ingest.rateLimit).toEqual({ requests: 1_200, windowMs: 60_000 });
		expect(loadConfig({ ...base(), NODE_ENV: 'test' }).auth.bootstrapAdmin).toBe(false);
		expect(loadConfig({ ...base(), NODE_ENV: 'production' }).auth.bootstrapAdmin).toBe(false);
	});

	it('take explicit values', () => {
		const config = loadConfig({
			...base(),
			SESSION_IDLE_MINUTES: '30',
			SESSION_MAX_HOURS: '8',
			WALL_SESSION_DAYS: '90',
			LOGIN_MAX_FAILURES: '3',
			LOGIN_MAX_FAILURES_PER_IP: '100',
			LOGIN_LOCKOUT_SECONDS: '60',
			LOGIN_WINDOW_MINUTES: '60',
			AUTH_BOOTSTRAP_ADMIN: 'off',
			HOST_HEADER: 'X-Forwarded-Host',
			INGEST_RATE_LIMIT: '0',
			INGEST_RATE_WINDOW_SECONDS: '10'
		});
		expect(config.auth).toEqual({
			sessionIdleMs: 30 * 60_000,
			sessionMaxMs: 8 * 3_600_000,
			wallSessionMs: 90 * 86_400_000,
			login: { maxFailures: 3, maxFailuresPerIp: 100, lockoutMs: 60_000, windowMs: 3_600_000 },
			bootstrapAdmin: false,
			hostHeader: 'x-forwarded-host'
		});
		expect(config.ingest.rateLimit).toEqual({ requests: 0, windowMs: 10_000 });
	});

	it('refuse a bootstrap admin in production, idle longer than the maximum, and impossible values, naming the variable', () => {
		const prod = configError({ ...base(), NODE_ENV: 'production', AUTH_BOOTSTRAP_ADMIN: 'on' });
		expect(prod.message).toMatch(/AUTH_BOOTSTRAP_ADMIN cannot be on in production.*npm run admin -- create-user/);
		expect(configError({ ...base(), SESSION_IDLE_MINUTES: '600', SESSION_MAX_HOURS: '8' }).message).toMatch(/SESSION_IDLE_MINUTES must not exceed SESSION_MAX_HOURS/);
		for (const [key, value] of [
			['SESSION_MAX_HOURS', '0'],
			['WALL_SESSION_DAYS', 'forever'],
			['LOGIN_MAX_FAILURES', '0'],
			['LOGIN_LOCKOUT_SECONDS', '-1'],
			['INGEST_RATE_LIMIT', 'lots'],
			['INGEST_RATE_WINDOW_SECONDS', '0'],
			['AUTH_BOOTSTRAP_ADMIN', 'sometimes']
		]) {
			expect(configError({ ...base(), [key]: value }).message, key).toContain(key);
		}
	});
});

describe('HTTP settings: PROTOCOL_HEADER, ORIGIN', () => {
	const base = () => ({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET });

	it('without PROTOCOL_HEADER the connection decides (null); with it, the proxy header, lower-cased', () => {
		expect(loadConfig(base()).http).toEqual({ protocolHeader: null });
		expect(loadConfig({ ...base(), PROTOCOL_HEADER: '' }).http).toEqual({ protocolHeader: null });
		expect(loadConfig({ ...base(), PROTOCOL_HEADER: 'X-Forwarded-Proto' }).http).toEqual({ protocolHeader: 'x-forwarded-proto' });
		// What src/main.ts sets when the operator set none reads back as none.
		expect(loadConfig({ ...base(), PROTOCOL_HEADER: CONNECTION_PROTOCOL_HEADER }).http).toEqual({ protocolHeader: null });
	});

	it('refuse a PROTOCOL_HEADER that is no header name, and ORIGIN (not read by adapter-node 6), naming the fix', () => {
		expect(configError({ ...base(), PROTOCOL_HEADER: 'x-forwarded-proto: https' }).message).toMatch(/PROTOCOL_HEADER must be an HTTP header name.*PROTOCOL_HEADER=x-forwarded-proto/);
		expect(configError({ ...base(), ORIGIN: 'https://mcc.example' }).message).toMatch(/^Configuration error: ORIGIN is not read.*Fix: unset ORIGIN.*PROTOCOL_HEADER=x-forwarded-proto/);
	});
});

describe('METRICS_TOKEN', () => {
	const base = () => ({ DATA_DIR: dataDir, CITIZEN_ID_SECRET: SECRET });

	it('is optional (null: /metrics public) and taken as given when set', () => {
		expect(loadConfig(base()).metricsToken).toBeNull();
		expect(loadConfig({ ...base(), METRICS_TOKEN: '' }).metricsToken).toBeNull();
		expect(loadConfig({ ...base(), METRICS_TOKEN: 'f'.repeat(64) }).metricsToken).toBe('f'.repeat(64));
	});

	it('refuses a short token or one with spaces, naming the variable and how to make one', () => {
		for (const value of ['short', 'sixteen chars ok', 'x'.repeat(15), 'tab\tinside-the-token']) {
			expect(configError({ ...base(), METRICS_TOKEN: value }).message, value).toMatch(/METRICS_TOKEN must be at least 16 printable ASCII characters.*openssl rand -hex 32/);
		}
	});
});

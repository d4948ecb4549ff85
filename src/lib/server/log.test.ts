import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger, REDACTED } from './log.ts';
import { loadConfig } from './config.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The configured logger writing to memory: the lines it wrote, parsed, and their text. */
function capture(level = 'info') {
	const chunks: string[] = [];
	const stream = new Writable({
		write(chunk, _encoding, done) {
			chunks.push(String(chunk));
			done();
		}
	});
	const log = createLogger(level, 'mcc-test', stream);
	return {
		log,
		text: () => chunks.join(''),
		lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
	};
}

// Secrets as they look in MCC: a session id, a wall token, an ingest key, a password, a metrics token, a CCCD.
const SESSION_ID = 'Zq3kVv9sD2pL0mN8xY7wT6rE5uI4oA1bC2dF3gH4jK5';
const WALL_TOKEN = 'mccw_0123456789abcdef_S3cr3tW4llT0k3nV4lu3Th4tMu5tN0tL34k0000000';
const INGEST_KEY = 'mcc_k1a2b3c4d5e6f708_1ngestSecretValueThatMustNotLeak';
const PASSWORD = 'correct horse battery staple';
const METRICS = 'metrics-token-0123456789abcdef';
const CCCD = '001234567890';

describe('createLogger: secrets never reach the log', () => {
	it('redacts request headers (authorization, cookie, x-api-key) and response set-cookie, keeping the other fields', () => {
		const out = capture();
		out.log.warn(
			{
				req: { method: 'POST', url: '/api/v1/events', headers: { host: 'mcc.example', authorization: `Bearer ${INGEST_KEY}`, cookie: `mcc_session=${SESSION_ID}`, 'x-api-key': INGEST_KEY, 'user-agent': 'curl/8' } },
				res: { statusCode: 401, headers: { 'set-cookie': [`mcc_session=${SESSION_ID}; Path=/; HttpOnly`], 'content-type': 'application/json' } }
			},
			'refused'
		);
		const [line] = out.lines();
		expect(line.msg).toBe('refused');
		expect(line.req).toEqual({
			method: 'POST',
			url: '/api/v1/events',
			headers: { host: 'mcc.example', authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED, 'user-agent': 'curl/8' }
		});
		expect(line.res).toEqual({ statusCode: 401, headers: { 'set-cookie': REDACTED, 'content-type': 'application/json' } });
		expect(out.text()).not.toContain(INGEST_KEY);
		expect(out.text()).not.toContain(SESSION_ID);
	});

	it('redacts bare headers, bodies and forms (password, token, key), one level down and at the top', () => {
		const out = capture();
		out.log.info({ headers: { authorization: `Bearer ${METRICS}`, cookie: `mcc_session=${SESSION_ID}`, accept: 'text/html' } }, 'headers');
		out.log.info({ body: { username: 'ops.hanoi', password: PASSWORD, role: 'operator' } }, 'body');
		out.log.info({ req: { body: { username: 'admin', password: PASSWORD } } }, 'request body');
		out.log.info({ form: { view: 'province:79', token: WALL_TOKEN } }, 'form');
		out.log.info({ created: { keyId: 'k1a2b3c4d5e6f708', key: INGEST_KEY } }, 'key');
		out.log.info({ password: PASSWORD, token: WALL_TOKEN, sessionId: SESSION_ID, username: 'admin' }, 'top level');
		const [headers, body, requestBody, form, key, top] = out.lines();
		expect(headers.headers).toEqual({ authorization: REDACTED, cookie: REDACTED, accept: 'text/html' });
		expect(body.body).toEqual({ username: 'ops.hanoi', password: REDACTED, role: 'operator' });
		expect(requestBody.req).toEqual({ body: { username: 'admin', password: REDACTED } });
		expect(form.form).toEqual({ view: 'province:79', token: REDACTED });
		expect(key.created).toEqual({ keyId: 'k1a2b3c4d5e6f708', key: REDACTED });
		expect(top).toMatchObject({ password: REDACTED, token: REDACTED, sessionId: REDACTED, username: 'admin' });
		for (const secret of [PASSWORD, WALL_TOKEN, INGEST_KEY, SESSION_ID, METRICS]) expect(out.text()).not.toContain(secret);
	});

	it('redacts the secrets of an error carrying its request config (HTTP clients attach it), keeping the message', () => {
		const out = capture();
		const error = Object.assign(new Error('request failed with status 500'), {
			config: { url: 'http://clickhouse:8123/', headers: { authorization: `Basic ${Buffer.from(`mcc:${PASSWORD}`).toString('base64')}`, 'content-type': 'text/plain' }, data: { password: PASSWORD } }
		});
		out.log.error({ err: error }, 'insert failed');
		const [line] = out.lines();
		const err = line.err as { message: string; config: { url: string; headers: Record<string, string>; data: Record<string, string> } };
		expect(err.message).toBe('request failed with status 500');
		expect(err.config.url).toBe('http://clickhouse:8123/');
		expect(err.config.headers).toEqual({ authorization: REDACTED, 'content-type': 'text/plain' });
		expect(err.config.data).toEqual({ password: REDACTED });
		expect(out.text()).not.toContain(Buffer.from(`mcc:${PASSWORD}`).toString('base64'));
		expect(out.text()).not.toContain(PASSWORD);
	});

	it('redacts the config and the environment when logged whole, keeping the harmless settings', () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'mcc-log-test-'));
		const env = {
			DATA_DIR: dataDir,
			CITIZEN_ID_SECRET: 'c'.repeat(40),
			CLICKHOUSE_URL: 'http://clickhouse:8123',
			CLICKHOUSE_PASSWORD: PASSWORD,
			REDIS_URL: `redis://:${PASSWORD}@redis:6379`,
			METRICS_TOKEN: METRICS,
			PORT: '3000'
		};
		const config = loadConfig(env);
		const out = capture();
		out.log.info({ config }, 'config');
		out.log.info({ env }, 'environment');
		const [withConfig, withEnv] = out.lines();
		const logged = withConfig.config as { port: number; citizenIdSecret: string; metricsToken: string; clickhouse: Record<string, string>; redis: Record<string, string> };
		expect(logged.port).toBe(3000);
		expect(logged.citizenIdSecret).toBe(REDACTED);
		expect(logged.metricsToken).toBe(REDACTED);
		expect(logged.clickhouse).toMatchObject({ mode: 'server', url: 'http://clickhouse:8123', username: 'default', password: REDACTED });
		expect(logged.redis).toEqual({ mode: 'external', url: REDACTED });
		expect(withEnv.env).toMatchObject({ CITIZEN_ID_SECRET: REDACTED, CLICKHOUSE_PASSWORD: REDACTED, REDIS_URL: REDACTED, METRICS_TOKEN: REDACTED, PORT: '3000', DATA_DIR: dataDir });
		for (const secret of [PASSWORD, METRICS, 'c'.repeat(40)]) expect(out.text()).not.toContain(secret);
	});

	it('still redacts citizen IDs, up to two levels down', () => {
		const out = capture();
		out.log.warn({ citizen_id: CCCD, event: { type: 'visit.injected', citizen_id: CCCD }, batch: { rejected: { citizen_id: CCCD } } }, 'rejected');
		const [line] = out.lines();
		expect(line.event).toEqual({ type: 'visit.injected', citizen_id: REDACTED });
		expect(out.text()).not.toContain(CCCD);
	});

	it('writes everything else as given: level, name, message and ordinary fields', () => {
		const out = capture('debug');
		out.log.debug({ job: '42', attempts: 3, room: 'province:01', tables: ['visits'] }, 'ingest job failed; it will be retried');
		const [line] = out.lines();
		expect(line).toMatchObject({ level: 20, name: 'mcc-test', msg: 'ingest job failed; it will be retried', job: '42', attempts: 3, room: 'province:01', tables: ['visits'] });
		expect(typeof line.time).toBe('string');
	});
});

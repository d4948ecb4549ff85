// End to end through HTTP, the queue (real Redis) and the worker into the real ClickHouse engine (chdb).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { startTestRedis, type TestRedis } from '../src/lib/server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, count, waitForQueueDrained, type InProcessServer } from '../src/lib/server/testing/server.ts';
import { auditedRows, installAudit } from '../src/lib/server/testing/audit.ts';
import { createIngestKey } from '../src/lib/server/ingest/keys.ts';
import { postEvents } from '../src/lib/ingest-client.ts';
import { loginAs } from '../src/lib/server/testing/auth.ts';
import { sampleEvents, uuidFrom, rng } from '../src/lib/events/sample.ts';
import { io as connectSocket } from 'socket.io-client';
import type { IngestProgress } from '../src/lib/realtime.ts';

let redis: TestRedis;
let server: InProcessServer;
let siteKey: string;
let channelKey: string;
const start = Date.UTC(2021, 7, 10, 1);

beforeAll(async () => {
	redis = await startTestRedis();
	server = await startInProcessServer(testEnv(tempDataDir(), redis.url, { INGEST_MAX_EVENTS_PER_BATCH: '2000', INGEST_MAX_BODY_BYTES: '2000000' }));
	await installAudit(server.app.clickhouse);
	siteKey = (await createIngestKey(server.app.clickhouse, { kind: 'facility', facilityId: 'SITE-HN-1', provinceCode: '01' })).key;
	channelKey = (await createIngestKey(server.app.clickhouse, { kind: 'channel', channel: 'registration' })).key;
});

afterAll(async () => {
	await server?.close();
	await redis?.stop();
});

describe('POST /api/v1/events', () => {
	it('lands the valid events of a mixed batch and rejects each invalid one with its field and rule', async () => {
		const valid = sampleEvents(50, { seed: 1, start, spanMs: 3_600_000 });
		const invalid = [
			{ ...valid[0], event_id: 'nope' },
			{ ...valid[1], event_id: uuidFrom(rng(99)), type: 'visit.teleported' },
			{ event_id: uuidFrom(rng(98)), type: 'visit.injected', occurred_at: '2021-08-10T09:00:00+07:00', visit_id: 'X', citizen_id: '123', vaccine: 'AZ', lot_number: 'L', dose_number: 1, table_no: 1 },
			'just a string'
		];
		const batch = [...valid.slice(0, 25), ...invalid, ...valid.slice(25)];
		const response = await postEvents(server.url, siteKey, batch);
		expect(response.accepted).toBe(50);
		expect(response.rejected.map((r) => r.index)).toEqual([25, 26, 27, 28]);
		expect(response.rejected[0].errors).toContainEqual({ path: 'event_id', message: expect.stringContaining('UUID') });
		expect(response.rejected[1].errors[0]).toMatchObject({ path: 'type', message: expect.stringContaining('unknown event type') });
		expect(response.rejected[2].errors).toEqual([{ path: 'citizen_id', message: 'must be a 12-digit citizen ID (CCCD)' }]);
		expect(response.rejected[3].errors[0]).toMatchObject({ path: '', message: 'must be a JSON object' });
		await waitForQueueDrained(server.app.queue);
		const ids = valid.map((e) => e.event_id);
		const landed = await count(
			server.app.clickhouse,
			`SELECT count() AS n FROM merge(currentDatabase(), '^raw_') WHERE toString(event_id) IN {ids:Array(String)}`,
			{ ids }
		);
		expect(landed).toBe(50);
		// Dead letters keep every rejected event with its reasons, citizen IDs redacted.
		const dead = await (
			await server.app.clickhouse.query({
				query: `SELECT batch_index, errors.path AS paths, payload FROM ingest_rejects WHERE source_key = {key:String} ORDER BY batch_index`,
				query_params: { key: siteKey.split('_')[1] },
				format: 'JSONEachRow'
			})
		).json<{ batch_index: number; paths: string[]; payload: string }>();
		expect(dead.map((d) => d.batch_index)).toEqual([25, 26, 27, 28]);
		expect(dead[2].paths).toEqual(['citizen_id']);
		for (const d of dead) expect(d.payload).not.toMatch(/(?<!\d)\d{12}(?!\d)/);
	});

	it('counts the same batch sent 3 times once', async () => {
		const events = sampleEvents(500, { seed: 2, start, spanMs: 3_600_000 });
		const before = await auditedRows(server.app.clickhouse);
		for (let i = 0; i < 3; i++) expect((await postEvents(server.url, siteKey, events)).accepted).toBe(500);
		await waitForQueueDrained(server.app.queue);
		const after = await auditedRows(server.app.clickhouse);
		expect(after.rows - before.rows).toBe(500);
		expect(after.distinct - before.distinct).toBe(500);
	});

	it('accepts NDJSON and gzip, and stores events on their event time with the ingest time kept', async () => {
		const events = sampleEvents(100, { seed: 3, start: Date.UTC(2021, 6, 1), spanMs: 60_000 });
		const ndjson = events.map((e) => JSON.stringify(e)).join('\n') + '\n{broken\n';
		const response = await fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${siteKey}`, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
			body: new Blob([new Uint8Array(gzipSync(ndjson))])
		});
		expect(response.status).toBe(202);
		const body = await response.json();
		expect(body.accepted).toBe(100);
		expect(body.rejected).toEqual([{ index: 100, event_id: null, errors: [{ path: '', message: expect.stringContaining('not valid JSON') }] }]);
		await waitForQueueDrained(server.app.queue);
		const late = await count(
			server.app.clickhouse,
			`SELECT count() AS n FROM raw_visit WHERE toString(event_id) IN {ids:Array(String)} AND toDate(occurred_at) = '2021-07-01' AND ingested_at > now() - INTERVAL 1 HOUR`,
			{ ids: events.map((e) => e.event_id) }
		);
		expect(late).toBe(events.filter((e) => e.type.startsWith('visit.')).length);
	});

	it('never stores a raw citizen ID, only its keyed hash', async () => {
		const events = sampleEvents(200, { seed: 4, start, spanMs: 3_600_000 });
		await postEvents(server.url, siteKey, events);
		await waitForQueueDrained(server.app.queue);
		const raw = events.flatMap((e) => ('citizen_id' in e ? [e.citizen_id] : []));
		expect(raw.length).toBeGreaterThan(50);
		const found = await count(
			server.app.clickhouse,
			`SELECT count() AS n FROM raw_visit WHERE citizen_hash IN {raw:Array(String)} OR visit_id IN {raw:Array(String)}`,
			{ raw }
		);
		expect(found).toBe(0);
		const hashed = await count(server.app.clickhouse, `SELECT uniqExact(citizen_hash) AS n FROM raw_visit WHERE length(citizen_hash) = 32`);
		expect(hashed).toBeGreaterThan(0);
	});

	it('answers 401 without a valid key, and a channel key may send only its families', async () => {
		const events = sampleEvents(3, { seed: 5, start, spanMs: 1000 });
		expect((await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' })).status).toBe(401);
		const wrong = siteKey.slice(0, -4) + 'AAAA';
		const bad = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${wrong}` }, body: JSON.stringify(events) });
		expect(bad.status).toBe(401);
		const viaChannel = await postEvents(server.url, channelKey, [
			{ event_id: uuidFrom(rng(7)), type: 'registration.submitted', occurred_at: '2021-08-01T08:00:00+07:00', province: '79', registration_id: 'R-1', citizen_id: '079123456789', birth_year: 1970, priority_group: 5, channel: 'app' },
			{ ...events[0], province: '79' }
		]);
		expect(viaChannel.accepted).toBe(1);
		expect(viaChannel.rejected[0].errors[0]).toMatchObject({ path: 'type', message: expect.stringContaining('may not send visit events') });
	});

	it('answers 400 for a body that does not parse and 413 for too many events or bytes', async () => {
		const post = (body: BodyInit, headers: Record<string, string> = {}) =>
			fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${siteKey}`, ...headers }, body });
		const notJson = await post('[{"event_id": ');
		expect(notJson.status).toBe(400);
		expect((await notJson.json()).error).toContain('not valid JSON');
		expect((await post('{"not": "an array"}\n{"x": 1}')).status).toBe(202);
		const many = sampleEvents(2001, { seed: 6, start, spanMs: 1000 });
		const tooMany = await post(JSON.stringify(many));
		expect(tooMany.status).toBe(413);
		expect((await tooMany.json()).error).toContain('maximum is 2000');
		expect((await post('[' + ' '.repeat(2_100_000) + ']')).status).toBe(413);
		expect((await post(new Blob([new Uint8Array(gzipSync('[' + ' '.repeat(3_000_000) + ']'))]), { 'content-encoding': 'gzip' })).status).toBe(413);
	});

	it('answers 429 with Retry-After while the queue is deeper than its limit', async () => {
		await server.app.worker!.pause();
		const limit = server.app.config.ingest.maxQueueJobs;
		try {
			// Fill the queue directly up to the limit (the worker is paused), then the API must push back.
			await server.app.queue.queue.addBulk(
				Array.from({ length: limit }, (_, i) => ({
					name: 'batch',
					data: { tables: {}, rejects: [], events: 0, provinces: [], minOccurredAt: 0, maxOccurredAt: 0 },
					opts: { jobId: `filler-${i}` }
				}))
			);
			await new Promise((r) => setTimeout(r, 300));
			const response = await fetch(`${server.url}/api/v1/events`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${siteKey}` },
				body: JSON.stringify(sampleEvents(1, { seed: 8, start, spanMs: 1000 }))
			});
			expect(response.status).toBe(429);
			expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
		} finally {
			server.app.worker!.resume();
		}
		await waitForQueueDrained(server.app.queue);
	});

	it('exposes health, readiness and Prometheus metrics', async () => {
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		const ready = await fetch(`${server.url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({ clickhouse: true, redis: true, clickhouseMode: 'embedded' });
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN);
		expect(value('mcc_ingest_events_accepted_total')).toBeGreaterThan(1000);
		expect(value('mcc_ingest_events_rejected_total')).toBeGreaterThan(3);
		expect(value('mcc_ingest_duplicates_dropped_total')).toBeGreaterThanOrEqual(1000);
		expect(metrics).toMatch(/mcc_ingest_rows_inserted_total\{table="raw_visit"\} \d+/);
		expect(metrics).toMatch(/mcc_ingest_queue_jobs\{state="waiting"\} \d+/);
		expect(metrics).toMatch(/mcc_ingest_insert_seconds_count \d+/);
	});

	it('pushes committed progress to the live rooms over socket.io on the same port', async () => {
		// Sockets need a session (the cookie at the handshake; access rules: src/lib/server/auth/auth.int.test.ts).
		const socket = connectSocket(server.url, { transports: ['websocket'], extraHeaders: { cookie: await loginAs(server, 'national-viewer') } });
		try {
			const joined = await socket.timeout(5_000).emitWithAck('room:join', 'province:01');
			expect(joined).toMatchObject({ ok: true });
			expect(await socket.timeout(5_000).emitWithAck('room:join', 'province:1; DROP')).toMatchObject({ ok: false });
			const received = new Promise<IngestProgress>((resolve) => socket.on('ingest:progress', resolve));
			const events = sampleEvents(100, { seed: 9, start: Date.UTC(2021, 9, 5), spanMs: 60_000 });
			const sent = Date.now();
			await postEvents(server.url, siteKey, events);
			const progress = await received;
			expect(Date.now() - sent).toBeLessThan(2_000);
			expect(progress.provinces).toEqual(['01']);
			expect(progress.events).toBe(100);
			expect(progress.from).toBeGreaterThanOrEqual(Date.UTC(2021, 9, 5));
		} finally {
			socket.disconnect();
		}
	});

	it('keeps queued rows beside their job only until the job completes', async () => {
		await server.app.worker!.pause();
		await postEvents(server.url, siteKey, sampleEvents(500, { seed: 12, start, spanMs: 60_000 }));
		expect(await server.app.redis.keys('mcc:payload:*')).toHaveLength(1);
		server.app.worker!.resume();
		await waitForQueueDrained(server.app.queue);
		await expect.poll(() => server.app.redis.keys('mcc:payload:*'), { timeout: 5_000 }).toEqual([]);
	});
});

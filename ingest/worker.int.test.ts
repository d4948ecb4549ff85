// commitJob against a real Redis and the real ClickHouse engine: retries are no-ops, client retries are dropped,
// and a row ClickHouse cannot parse is dead-lettered without holding back the rest of its job.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestRedis, type TestRedis } from '../src/lib/server/testing/redis.ts';
import { openDataDir, tempDataDir, count } from '../src/lib/server/testing/server.ts';
import { auditedRows, installAudit } from '../src/lib/server/testing/audit.ts';
import type { ClickHouseClient } from '../src/lib/server/clickhouse/client.ts';
import { prepareBatch } from '../src/lib/server/ingest/batch.ts';
import type { IngestJob } from '../src/lib/server/ingest/job.ts';
import { sampleEvents } from '../src/lib/events/sample.ts';
import { commitJob } from './worker.ts';

let redisServer: TestRedis;
let redis: Redis;
let clickhouse: ClickHouseClient;

beforeAll(async () => {
	redisServer = await startTestRedis();
	redis = new Redis(redisServer.url);
	clickhouse = await openDataDir(tempDataDir());
	await installAudit(clickhouse);
});
afterAll(async () => {
	redis?.disconnect();
	await clickhouse?.close();
	await redisServer?.stop();
});

function jobOf(seed: number, count: number): IngestJob {
	const batch = prepareBatch(
		sampleEvents(count, { seed, start: Date.UTC(2021, 7, 1), spanMs: 40 * 86_400_000 }),
		{ kind: 'facility', keyId: 'k1', facilityId: 'SITE-1', provinceCode: '01' },
		{ now: Date.now(), secret: 's'.repeat(32), maxFutureSkewMs: 600_000 }
	);
	const tables = Object.fromEntries(Object.entries(batch.tables).map(([t, rows]) => [t, { ids: rows.ids, ndjson: rows.lines.join('\n') }]));
	return { tables, rejects: batch.rejects, events: batch.accepted, provinces: batch.provinces, minOccurredAt: batch.minOccurredAt, maxOccurredAt: batch.maxOccurredAt };
}

const deps = () => ({ redis, clickhouse, dedupTtlHours: 1 });

it('a job committed twice (worker died before the ack) is stored once; another job with the same events adds nothing', async () => {
	const before = await auditedRows(clickhouse);
	const job = jobOf(1, 3_000);
	expect(await commitJob({ id: 'job-a', data: job }, deps())).toEqual({ inserted: 3_000, duplicates: 0 });
	expect((await commitJob({ id: 'job-a', data: job }, deps())).inserted).toBe(3_000); // same tokens: ClickHouse ignores it
	expect(await commitJob({ id: 'job-b', data: job }, deps())).toEqual({ inserted: 0, duplicates: 3_000 }); // a client retry
	const after = await auditedRows(clickhouse);
	expect(after.rows - before.rows).toBe(3_000);
	expect(after.distinct - before.distinct).toBe(3_000);
});

it('dead-letters a row ClickHouse cannot parse and stores the rest of the job', async () => {
	const job = jobOf(2, 1_000);
	const visits = job.tables.raw_visit;
	const bad = 137;
	const lines = visits.ndjson.split('\n');
	lines[bad] = lines[bad].replace(/"schema_version":1/, '"schema_version":"one"');
	visits.ndjson = lines.join('\n');
	const badId = visits.ids[bad];
	const result = await commitJob({ id: 'job-poisoned', data: job }, deps());
	expect(result.inserted).toBe(999);
	expect(await count(clickhouse, `SELECT count() AS n FROM raw_visit WHERE toString(event_id) = {id:String}`, { id: badId })).toBe(0);
	const dead = await (
		await clickhouse.query({ query: `SELECT errors.message AS messages FROM ingest_rejects WHERE event_id = {id:String}`, query_params: { id: badId }, format: 'JSONEachRow' })
	).json<{ messages: string[] }>();
	expect(dead).toHaveLength(1);
	expect(dead[0].messages[0]).toContain('could not store this row in raw_visit');
	// The retry of that job (after a crash, say) splits the same way and adds nothing.
	const before = await auditedRows(clickhouse);
	await commitJob({ id: 'job-poisoned', data: job }, deps());
	expect((await auditedRows(clickhouse)).rows).toBe(before.rows);
	expect(await count(clickhouse, `SELECT count() AS n FROM ingest_rejects WHERE event_id = {id:String}`, { id: badId })).toBe(1);
});

it('publishes what changed after a commit', async () => {
	const subscriber = new Redis(redisServer.url);
	await subscriber.subscribe('mcc:changed');
	const message = new Promise<string>((resolve) => subscriber.on('message', (_c, text) => resolve(text)));
	const job = jobOf(3, 200);
	await commitJob({ id: 'job-c', data: job }, deps());
	const changed = JSON.parse(await message);
	subscriber.disconnect();
	expect(changed).toMatchObject({ provinces: ['01'], events: 200, from: job.minOccurredAt, to: job.maxOccurredAt });
	expect(changed.tables).toContain('raw_visit');
});

it('drops a client retry that arrives days later, within the remembered window', async () => {
	const day = 86_400_000;
	const job = jobOf(4, 300);
	const remember72h = { ...deps(), dedupTtlHours: 72 };
	const first = { ...job, createdAt: Date.now() - 2 * day };
	expect((await commitJob({ id: 'job-day-0', data: first }, remember72h)).inserted).toBe(300);
	const retried = { ...job, createdAt: Date.now() };
	expect(await commitJob({ id: 'job-day-2', data: retried }, remember72h)).toEqual({ inserted: 0, duplicates: 300 });
	// Past the window the ids are forgotten: the same events would be stored again.
	const muchLater = { ...job, createdAt: Date.now() + 5 * day };
	expect((await commitJob({ id: 'job-day-7', data: muchLater }, remember72h)).duplicates).toBe(0);
});

// Outages during a stream: ClickHouse refusing inserts for a while, Redis killed (SIGKILL) and restarted.
// Clients keep posting (retrying on 503); once all is back, every acknowledged event is stored exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../src/lib/server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, waitForQueueDrained, type InProcessServer } from '../src/lib/server/testing/server.ts';
import { auditedRows, installAudit } from '../src/lib/server/testing/audit.ts';
import { createIngestKey } from '../src/lib/server/ingest/keys.ts';
import { postEvents } from '../src/lib/ingest-client.ts';
import { sampleEvents } from '../src/lib/events/sample.ts';

let redis: TestRedis;
let server: InProcessServer;
let key: string;

beforeAll(async () => {
	redis = await startTestRedis();
	server = await startInProcessServer(testEnv(tempDataDir(), redis.url, { INGEST_FLUSH_EVENTS: '1000' }));
	await installAudit(server.app.clickhouse);
	key = (await createIngestKey(server.app.clickhouse, { kind: 'facility', facilityId: 'SITE-DN-7', provinceCode: '48' })).key;
});
afterAll(async () => {
	await server?.close();
	await redis?.stop();
});

/** Posts `batches` batches from 3 concurrent senders; calls `during` once a third is acknowledged. */
async function stream(seed: number, batches: number, during: () => Promise<void>): Promise<{ total: number; retries: number }> {
	const perBatch = 500;
	let acknowledged = 0;
	let retries = 0;
	const total = 3 * batches * perBatch;
	const senders = [0, 1, 2].map(async (s) => {
		for (let b = 0; b < batches; b++) {
			const events = sampleEvents(perBatch, { seed: seed + s * 100 + b, start: Date.UTC(2021, 9, 1), spanMs: 86_400_000 });
			const r = await postEvents(server.url, key, events, { deadlineMs: 120_000, onRetry: () => retries++ });
			acknowledged += r.accepted;
		}
	});
	const trouble = (async () => {
		while (acknowledged < total / 3) await new Promise((r) => setTimeout(r, 10));
		await during();
	})();
	await Promise.all([...senders, trouble]);
	expect(acknowledged).toBe(total);
	return { total, retries };
}

it('loses nothing while ClickHouse refuses inserts for a while', async () => {
	const before = await auditedRows(server.app.clickhouse);
	let failedInserts = 0;
	server.app.worker!.on('failed', () => failedInserts++);
	const { total } = await stream(10_000, 12, async () => {
		// The visit table goes away (as on a ClickHouse node down or a table being repaired) for 3 s.
		await server.app.clickhouse.command({ query: 'DETACH TABLE raw_visit' });
		await new Promise((r) => setTimeout(r, 3_000));
		await server.app.clickhouse.command({ query: 'ATTACH TABLE raw_visit' });
	});
	await waitForQueueDrained(server.app.queue, 90_000);
	expect(failedInserts).toBeGreaterThan(0); // the outage really hit inserts
	const after = await auditedRows(server.app.clickhouse);
	expect(after.distinct - before.distinct).toBe(total);
	expect(after.rows - before.rows).toBe(total);
	expect((await server.app.queue.queue.getJobCounts('failed')).failed).toBe(0);
});

it('loses nothing acknowledged when Redis is killed and restarted mid-stream (AOF on)', async () => {
	const before = await auditedRows(server.app.clickhouse);
	const { total, retries } = await stream(20_000, 12, async () => {
		await redis.kill();
		await new Promise((r) => setTimeout(r, 1_000));
		await redis.start();
	});
	await waitForQueueDrained(server.app.queue, 90_000);
	expect(retries).toBeGreaterThan(0); // clients saw 503s or dropped connections while Redis was down
	const after = await auditedRows(server.app.clickhouse);
	expect(after.distinct - before.distinct).toBe(total);
	expect(after.rows - before.rows).toBe(total);
});

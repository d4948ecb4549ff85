// The server (web + worker, embedded mode) killed with SIGKILL in the middle of a stream, twice, and restarted:
// every event the clients sent is in ClickHouse exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestRedis, freePort, type TestRedis } from '../src/lib/server/testing/redis.ts';
import { startChildServer, tempDataDir, testEnv, openDataDir, waitForQueueDrained, type ChildServer } from '../src/lib/server/testing/server.ts';
import { auditedRows, installAudit } from '../src/lib/server/testing/audit.ts';
import { createIngestKey } from '../src/lib/server/ingest/keys.ts';
import { IngestQueue } from '../src/lib/server/ingest/queue.ts';
import { postEvents } from '../src/lib/ingest-client.ts';
import { sampleEvents } from '../src/lib/events/sample.ts';

let redis: TestRedis;
let server: ChildServer | null = null;

beforeAll(async () => {
	redis = await startTestRedis();
});
afterAll(async () => {
	await server?.kill();
	await redis?.stop();
});

it('loses nothing and counts nothing twice when the process is SIGKILLed mid-stream', async () => {
	const dataDir = tempDataDir();
	const setup = await openDataDir(dataDir);
	await installAudit(setup);
	const keys = await Promise.all(
		[0, 1, 2, 3].map(async (i) => (await createIngestKey(setup, { kind: 'facility', facilityId: `SITE-${i}`, provinceCode: '79' })).key)
	);
	await setup.close();

	const env = testEnv(dataDir, redis.url, { INGEST_FLUSH_EVENTS: '2000' });
	const port = await freePort();
	server = await startChildServer(env, port);

	const batchesPerSite = 15;
	const perBatch = 800;
	let acknowledged = 0;
	let retries = 0;
	const senders = keys.map(async (key, site) => {
		for (let b = 0; b < batchesPerSite; b++) {
			const events = sampleEvents(perBatch, { seed: site * 1000 + b, start: Date.UTC(2021, 8, 1), spanMs: 86_400_000 });
			const response = await postEvents(server!.url, key, events, { deadlineMs: 120_000, onRetry: () => retries++ });
			expect(response.rejected).toEqual([]);
			acknowledged += response.accepted;
		}
	});
	const total = keys.length * batchesPerSite * perBatch;

	const killer = (async () => {
		for (const fraction of [0.25, 0.6]) {
			while (acknowledged < total * fraction) await new Promise((r) => setTimeout(r, 20));
			await server!.kill();
			await new Promise((r) => setTimeout(r, 300));
			server = await startChildServer(env, port);
		}
	})();
	await Promise.all([...senders, killer]);
	expect(acknowledged).toBe(total);
	expect(retries).toBeGreaterThan(0); // the kills really hit requests in flight

	// Let the worker finish the queue, then stop the server cleanly and count in its data directory.
	const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
	const queue = new IngestQueue(connection);
	await waitForQueueDrained(queue);
	expect((await queue.queue.getJobCounts('failed')).failed).toBe(0);
	await queue.queue.close();
	connection.disconnect();
	expect(await server!.stop()).toBe(0);
	server = null;

	const check = await openDataDir(dataDir);
	const { rows, distinct } = await auditedRows(check);
	await check.close();
	expect(distinct).toBe(total);
	expect(rows).toBe(total);
});

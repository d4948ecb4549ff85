// `npm run ingest` (ingest/main.ts): a worker process on its own drains the queue into ClickHouse, serves its
// metrics and health on a port of its own, and drains and exits 0 on SIGTERM.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startTestRedis, freePort, type TestRedis } from '../src/lib/server/testing/redis.ts';
import { tempDataDir, testEnv, openDataDir, ROOT, count, waitForQueueDrained } from '../src/lib/server/testing/server.ts';
import { IngestQueue } from '../src/lib/server/ingest/queue.ts';
import { GroupCommit } from '../src/lib/server/ingest/group-commit.ts';
import { prepareBatch } from '../src/lib/server/ingest/batch.ts';
import { sampleEvents } from '../src/lib/events/sample.ts';

let redis: TestRedis;
beforeAll(async () => {
	redis = await startTestRedis();
});
afterAll(async () => redis?.stop());

it('commits queued batches, serves /metrics and /healthz, and exits 0 on SIGTERM', async () => {
	const dataDir = tempDataDir();
	// Queue 10 batches the way the API does, before any worker runs.
	const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
	const queue = new IngestQueue(connection);
	const commit = new GroupCommit((job) => queue.add(job), 1_000, 10);
	let visits = 0;
	for (let i = 0; i < 10; i++) {
		const batch = prepareBatch(sampleEvents(1_000, { seed: 500 + i, start: Date.UTC(2021, 9, 1), spanMs: 86_400_000 }), { kind: 'facility', keyId: 'k', facilityId: 'S-1', provinceCode: '92' }, { now: Date.now(), secret: 's'.repeat(32), maxFutureSkewMs: 600_000 });
		visits += batch.tables.raw_visit.ids.length;
		await commit.add(batch);
	}

	const metricsPort = await freePort();
	let output = '';
	const worker = spawn(process.execPath, [join(ROOT, 'ingest/main.ts')], {
		env: { ...process.env, ...testEnv(dataDir, redis.url, { INGEST_WORKER_METRICS_PORT: String(metricsPort), HOST: '127.0.0.1' }) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	worker.stdout!.on('data', (d) => (output += d));
	worker.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<number | null>((r) => worker.once('exit', r));

	await waitForQueueDrained(queue, 30_000).catch((error) => {
		throw new Error(`${error.message}\n${output}`);
	});
	const health = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
	expect(health.status).toBe(200);
	const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
	expect(metrics).toMatch(new RegExp(`mcc_ingest_rows_inserted_total\\{table="raw_visit"\\} ${visits}`));

	worker.kill('SIGTERM');
	expect(await exited).toBe(0);
	await queue.queue.close();
	connection.disconnect();

	const clickhouse = await openDataDir(dataDir);
	expect(await count(clickhouse, 'SELECT count() AS n FROM raw_visit')).toBe(visits);
	await clickhouse.close();
});

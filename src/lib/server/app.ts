// Boots the server side of MCC in one place: config, logs, Redis, ClickHouse (+ migrations), the ingest API's
// queue, and, in embedded mode, the ingest worker in this same process.
import type { Redis } from 'ioredis';
import type { Worker } from 'bullmq';
import { loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { connectRedis, startManagedRedis, type RedisTarget } from './redis.ts';
import { openClickHouse, type ClickHouseClient } from './clickhouse/client.ts';
import { migrate } from './clickhouse/migrate.ts';
import { seedReference } from './reference/seed.ts';
import { IngestQueue } from './ingest/queue.ts';
import { GroupCommit, groupCommitDelay } from './ingest/group-commit.ts';
import { KeyStore } from './ingest/keys.ts';
import { startIngestWorker } from '../../../ingest/worker.ts';
import { startAlertEngine } from './alerts/engine.ts';

export interface App {
	config: Config;
	log: Logger;
	clickhouse: ClickHouseClient;
	redisTarget: RedisTarget;
	redis: Redis;
	queue: IngestQueue;
	commit: GroupCommit;
	keys: KeyStore;
	worker: Worker | null;
	stop(): Promise<void>;
}

const GLOBAL_KEY = Symbol.for('mcc.app');
type WithApp = typeof globalThis & { [GLOBAL_KEY]?: Promise<App> };

/**
 * The process-wide app. Kept on globalThis because the production entry (src/main.ts) and the SvelteKit bundle
 * load this module separately, and one process must open the embedded engine once.
 */
export function startApp(config: Config = loadConfig()): Promise<App> {
	const g = globalThis as WithApp;
	return (g[GLOBAL_KEY] ??= boot(config));
}

export function getApp(): Promise<App> {
	const app = (globalThis as WithApp)[GLOBAL_KEY];
	if (!app) throw new Error('the MCC app has not been started (startApp)');
	return app;
}

async function boot(config: Config): Promise<App> {
	const log = createLogger(config.logLevel);
	const managed = config.redis.mode === 'managed' ? await startManagedRedis(config.redis, log) : null;
	const redisTarget: RedisTarget = managed ? managed.target : { url: (config.redis as { url: string }).url };
	// Fails fast while Redis is down, so the API answers 503 instead of holding requests it cannot acknowledge.
	const apiRedis = connectRedis(redisTarget, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
	apiRedis.on('error', (error) => log.warn({ err: error.message }, 'redis (api) connection error'));
	await new Promise<void>((resolve, reject) => {
		apiRedis.once('ready', resolve);
		setTimeout(() => reject(new Error('Redis did not become ready within 15 s')), 15_000).unref();
	});

	const clickhouse = await openClickHouse(config.clickhouse);
	const migrated = await migrate(clickhouse);
	log.info({ mode: config.clickhouse.mode, applied: migrated.applied, backfilled: migrated.backfilled }, 'clickhouse ready');
	const seeded = await seedReference(clickhouse);
	if (seeded.seeded) {
		log.info({ rows: seeded.rows, ms: Math.round(seeded.ms), insideProvincePolygons: seeded.polygons }, 'generated reference data seeded');
		if (!seeded.polygons) log.warn('province polygons not found (run `node src/cli/extract-geo.ts`): facility coordinates placed around the capitals');
	}

	const queue = new IngestQueue(apiRedis);
	// The queue depth is read by every POST (back-pressure), so lastDepth is at most ~250 ms old under load.
	const commit = new GroupCommit((job) => queue.add(job), config.ingest.flushEvents, () => groupCommitDelay(config.ingest.flushMs, config.ingest.flushMaxMs, queue.lastDepth));
	let worker: Worker | null = null;
	let workerRedis: Redis[] = [];
	if (config.ingest.workerInProcess) {
		workerRedis = [connectRedis(redisTarget, { maxRetriesPerRequest: null }), connectRedis(redisTarget, { maxRetriesPerRequest: null })];
		for (const r of workerRedis) r.on('error', (error) => log.warn({ err: error.message }, 'redis (worker) connection error'));
		worker = startIngestWorker({
			bullConnection: workerRedis[0],
			redis: workerRedis[1],
			clickhouse,
			log,
			concurrency: config.ingest.workerConcurrency,
			dedupTtlHours: config.ingest.dedupTtlHours,
			lockMs: config.ingest.lockMs
		});
		log.info({ concurrency: config.ingest.workerConcurrency }, 'ingest worker running in this process');
	}

	// Every web process offers to run the alert engine; one at a time holds its lease and evaluates.
	const alerts = config.alerts.enabled ? startAlertEngine({ clickhouse, redis: apiRedis, config, log }) : null;

	let stopping: Promise<void> | null = null;
	const app: App = {
		config,
		log,
		clickhouse,
		redisTarget,
		redis: apiRedis,
		queue,
		commit,
		keys: new KeyStore(clickhouse),
		worker,
		stop: () =>
			(stopping ??= (async () => {
				log.info('draining');
				await commit.drain();
				await alerts?.stop();
				await worker?.close();
				await queue.queue.close();
				for (const r of [...workerRedis, apiRedis]) r.disconnect();
				await clickhouse.close();
				await managed?.stop();
				log.info('stopped');
			})())
	};
	return app;
}

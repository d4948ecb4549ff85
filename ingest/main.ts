// `npm run ingest`: an ingest worker on its own, for server mode (CLICKHOUSE_URL set): run as many as needed.
// Drains on SIGTERM: the jobs in hand are committed before exit; the rest stay queued for the next worker.
import { loadConfigOrExit } from '../src/lib/server/config.ts';
import { createLogger } from '../src/lib/server/log.ts';
import { connectRedis, startManagedRedis } from '../src/lib/server/redis.ts';
import { openClickHouse } from '../src/lib/server/clickhouse/client.ts';
import { migrate } from '../src/lib/server/clickhouse/migrate.ts';
import { startIngestWorker } from './worker.ts';
import { createServer } from 'node:http';
import { metricsAuthorized, registry } from '../src/lib/server/metrics.ts';

const config = loadConfigOrExit();
const log = createLogger(config.logLevel, 'mcc-ingest');
const managed = config.redis.mode === 'managed' ? await startManagedRedis(config.redis, log) : null;
const target = managed ? managed.target : { url: (config.redis as { url: string }).url };
const bullConnection = connectRedis(target, { maxRetriesPerRequest: null });
const redis = connectRedis(target, { maxRetriesPerRequest: null });
for (const r of [bullConnection, redis]) r.on('error', (error) => log.warn({ err: error.message }, 'redis connection error'));
const clickhouse = await openClickHouse(config.clickhouse);
await migrate(clickhouse);
const worker = startIngestWorker({
	bullConnection,
	redis,
	clickhouse,
	log,
	concurrency: config.ingest.workerConcurrency,
	dedupTtlHours: config.ingest.dedupTtlHours,
	lockMs: config.ingest.lockMs
});
log.info({ clickhouse: config.clickhouse.mode, concurrency: config.ingest.workerConcurrency }, 'ingest worker started');

// A worker has no web server of its own: it serves its Prometheus metrics and liveness on a small port.
const probe =
	config.ingest.workerMetricsPort === 0
		? null
		: createServer(async (request, response) => {
				if (request.url === '/metrics') {
					if (!metricsAuthorized(request.headers.authorization, config.metricsToken)) {
						response.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
						return;
					}
					response.writeHead(200, { 'Content-Type': registry.contentType }).end(await registry.metrics());
				} else if (request.url === '/healthz') {
					const running = worker.isRunning();
					response.writeHead(running ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: running ? 'ok' : 'stopped' }));
				} else response.writeHead(404).end();
			}).listen(config.ingest.workerMetricsPort, config.host, () => log.info({ port: config.ingest.workerMetricsPort }, 'worker metrics on /metrics'));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, async () => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'draining ingest worker');
		probe?.close();
		await worker.close();
		bullConnection.disconnect();
		redis.disconnect();
		await clickhouse.close();
		await managed?.stop();
		log.info('ingest worker stopped');
		process.exit(0);
	});
}

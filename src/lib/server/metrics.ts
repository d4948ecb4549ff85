// Prometheus metrics of this process, served at /metrics.
// One set per process, kept on globalThis: the SvelteKit bundle and code loaded from source (worker, tests)
// are separate module graphs in one process and must count into the same registry.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

function createMetrics() {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry, prefix: 'mcc_' });
	const registers = [registry];
	return {
		registry,
		eventsAccepted: new Counter({ name: 'mcc_ingest_events_accepted_total', help: 'Events accepted by POST /api/v1/events', registers }),
		eventsRejected: new Counter({ name: 'mcc_ingest_events_rejected_total', help: 'Events rejected by validation', registers }),
		requestsRefused: new Counter({
			name: 'mcc_ingest_requests_refused_total',
			help: 'Ingest requests refused as a whole, by HTTP status',
			labelNames: ['status'] as const,
			registers
		}),
		rowsInserted: new Counter({
			name: 'mcc_ingest_rows_inserted_total',
			help: 'Rows inserted into ClickHouse by the ingest worker',
			labelNames: ['table'] as const,
			registers
		}),
		duplicatesDropped: new Counter({ name: 'mcc_ingest_duplicates_dropped_total', help: 'Events dropped as already ingested (client retries)', registers }),
		insertSeconds: new Histogram({
			name: 'mcc_ingest_insert_seconds',
			help: 'Time to insert one job into ClickHouse',
			buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
			registers
		}),
		queueJobs: new Gauge({ name: 'mcc_ingest_queue_jobs', help: 'Ingest queue jobs by state', labelNames: ['state'] as const, registers })
	};
}

const KEY = Symbol.for('mcc.metrics');
const g = globalThis as typeof globalThis & { [KEY]?: ReturnType<typeof createMetrics> };
const metrics = (g[KEY] ??= createMetrics());

export const { registry, eventsAccepted, eventsRejected, requestsRefused, rowsInserted, duplicatesDropped, insertSeconds, queueJobs } = metrics;

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether a scrape may read /metrics: always when no METRICS_TOKEN is set (config.metricsToken null), else only with
 * `Authorization: Bearer <token>`. Compared in constant time (SHA-256 of both sides, so lengths do not show either).
 */
export function metricsAuthorized(authorization: string | null | undefined, token: string | null): boolean {
	if (token === null) return true;
	const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1] ?? '';
	return timingSafeEqual(digest(presented), digest(token));
}

// Prometheus metrics of this process, served at /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'mcc_' });

export const eventsAccepted = new Counter({ name: 'mcc_ingest_events_accepted_total', help: 'Events accepted by POST /api/v1/events', registers: [registry] });
export const eventsRejected = new Counter({ name: 'mcc_ingest_events_rejected_total', help: 'Events rejected by validation', registers: [registry] });
export const requestsRefused = new Counter({
	name: 'mcc_ingest_requests_refused_total',
	help: 'Ingest requests refused as a whole, by HTTP status',
	labelNames: ['status'] as const,
	registers: [registry]
});
export const rowsInserted = new Counter({
	name: 'mcc_ingest_rows_inserted_total',
	help: 'Rows inserted into ClickHouse by the ingest worker',
	labelNames: ['table'] as const,
	registers: [registry]
});
export const duplicatesDropped = new Counter({ name: 'mcc_ingest_duplicates_dropped_total', help: 'Events dropped as already ingested (client retries)', registers: [registry] });
export const insertSeconds = new Histogram({
	name: 'mcc_ingest_insert_seconds',
	help: 'Time to insert one job into ClickHouse',
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers: [registry]
});
export const queueJobs = new Gauge({ name: 'mcc_ingest_queue_jobs', help: 'Ingest queue jobs by state', labelNames: ['state'] as const, registers: [registry] });

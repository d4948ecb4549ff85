// The API side of the ingest queue: durable jobs in Redis, and the queue depth that drives back-pressure (429).
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { INGEST_QUEUE, PAYLOAD_TTL_SECONDS, payloadKey, type IngestJob, type StoredJob } from './job.ts';
import { queueJobs } from '../metrics.ts';

export class IngestQueue {
	readonly queue: Queue<StoredJob>;
	readonly #redis: Redis;
	#depth = { value: 0, at: 0 };

	constructor(connection: Redis) {
		this.#redis = connection;
		this.queue = new Queue<StoredJob>(INGEST_QUEUE, {
			connection,
			defaultJobOptions: {
				// Retried for about a week at the capped backoff: a job is failed only by a bug, and stays visible then.
				attempts: 10_000,
				backoff: { type: 'custom' },
				removeOnComplete: { count: 100 },
				removeOnFail: false
			}
		});
	}

	/**
	 * Stores the rows, then the job (random ids: they are ClickHouse de-duplication tokens and must never repeat).
	 * If the second step fails the request is not acknowledged; the orphan payload expires.
	 */
	async add(job: IngestJob): Promise<void> {
		const jobId = randomUUID();
		const parts: Buffer[] = [];
		const tables: StoredJob['tables'] = {};
		let offset = 0;
		for (const [table, rows] of Object.entries(job.tables)) {
			const bytes = Buffer.from(rows.ndjson);
			tables[table] = { ids: rows.ids, start: offset, end: offset + bytes.length };
			parts.push(bytes);
			offset += bytes.length;
		}
		if (parts.length > 0) await this.#redis.set(payloadKey(jobId), Buffer.concat(parts), 'EX', PAYLOAD_TTL_SECONDS);
		await this.queue.add('batch', { ...job, tables }, { jobId });
	}

	/** The depth last read (no Redis call): what the group commit sizes its jobs by. */
	get lastDepth(): number {
		return this.#depth.value;
	}

	/** Waiting + delayed + prioritized + active jobs, read at most every 250 ms unless `fresh`. */
	async depth(fresh = false): Promise<number> {
		if (fresh || Date.now() - this.#depth.at > 250) {
			const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
			this.#depth = { value: Object.values(counts).reduce((a, b) => a + b, 0), at: Date.now() };
		}
		return this.#depth.value;
	}

	async updateMetrics(): Promise<void> {
		const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed');
		for (const [state, n] of Object.entries(counts)) queueJobs.set({ state }, n);
	}
}

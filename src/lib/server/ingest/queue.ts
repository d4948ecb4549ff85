// The API side of the ingest queue: durable jobs in Redis, and the queue depth that drives back-pressure (429).
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { INGEST_QUEUE, type IngestJob } from './job.ts';
import { queueJobs } from '../metrics.ts';

export class IngestQueue {
	readonly queue: Queue<IngestJob>;
	#depth = { value: 0, at: 0 };

	constructor(connection: Redis) {
		this.queue = new Queue<IngestJob>(INGEST_QUEUE, {
			connection,
			defaultJobOptions: {
				// Retried for about a week at the capped backoff: a job is failed only by a bug, and stays visible then.
				attempts: 10_000,
				backoff: { type: 'custom' },
				// A job carries its rows (up to ~7 MB): keep only the last few done, or Redis fills up with history.
				removeOnComplete: { count: 100 },
				removeOnFail: false
			}
		});
	}

	/** Random job ids: they are ClickHouse de-duplication tokens, so they must never repeat. */
	async add(job: IngestJob): Promise<void> {
		await this.queue.add('batch', job, { jobId: randomUUID() });
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

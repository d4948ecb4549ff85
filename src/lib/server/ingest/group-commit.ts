// Group commit: accepted events from many requests become one queue job, flushed by size or time.
// A request is acknowledged (202) only once the job holding its events is stored in Redis.
// The time grows while the worker is behind: every insert costs ClickHouse a fixed amount (a part per table and view),
// so many small jobs would keep it behind for good (at 10,000 events/s in 200-event requests, 50 ms jobs commit
// ~1,600 events/s); fewer, bigger jobs catch up, and the delay falls back once the queue is short.
import type { PreparedBatch, TableRows } from './batch.ts';
import type { IngestJob } from './job.ts';

export type Enqueue = (job: IngestJob) => Promise<void>;

/**
 * How long to gather events into a job: `baseMs` while at most two jobs are queued (the worker keeps up), doubled for
 * each job beyond that, at most `maxMs`.
 */
export function groupCommitDelay(baseMs: number, maxMs: number, queuedJobs: number): number {
	return Math.min(Math.max(baseMs, maxMs), baseMs * 2 ** Math.min(20, Math.max(0, queuedJobs - 2)));
}

interface Pending {
	job: IngestJob;
	rows: Map<string, TableRows>;
	settle: { resolve: () => void; reject: (error: unknown) => void }[];
	provinces: Set<string>;
}

export class GroupCommit {
	#pending: Pending | null = null;
	#timer: NodeJS.Timeout | null = null;
	#inFlight = new Set<Promise<void>>();
	readonly #enqueue: Enqueue;
	readonly #maxEvents: number;
	readonly #delayMs: () => number;

	/** `delayMs`: a time, or asked when a job is started (see groupCommitDelay). */
	constructor(enqueue: Enqueue, maxEvents: number, delayMs: number | (() => number)) {
		this.#enqueue = enqueue;
		this.#maxEvents = maxEvents;
		this.#delayMs = typeof delayMs === 'number' ? () => delayMs : delayMs;
	}

	/** Resolves when the batch's rows are durably queued; rejects if queueing failed (nothing acknowledged). */
	add(batch: PreparedBatch): Promise<void> {
		const rows = batch.accepted > 0 ? Object.values(batch.tables).reduce((n, t) => n + t.ids.length, 0) : 0;
		if (rows === 0 && batch.rejects.length === 0) return Promise.resolve();
		const pending: Pending = (this.#pending ??= {
			job: { tables: {}, rejects: [], events: 0, provinces: [], minOccurredAt: Infinity, maxOccurredAt: -Infinity },
			rows: new Map(),
			settle: [],
			provinces: new Set()
		});
		const job = pending.job;
		for (const [table, t] of Object.entries(batch.tables)) {
			let into = pending.rows.get(table);
			if (!into) pending.rows.set(table, (into = { ids: [], lines: [] }));
			for (let i = 0; i < t.ids.length; i++) {
				into.ids.push(t.ids[i]);
				into.lines.push(t.lines[i]);
			}
		}
		for (const reject of batch.rejects) job.rejects.push(reject);
		job.events += rows;
		for (const p of batch.provinces) pending.provinces.add(p);
		job.minOccurredAt = Math.min(job.minOccurredAt, batch.minOccurredAt);
		job.maxOccurredAt = Math.max(job.maxOccurredAt, batch.maxOccurredAt);
		const done = new Promise<void>((resolve, reject) => pending.settle.push({ resolve, reject }));
		if (job.events + job.rejects.length >= this.#maxEvents) this.#flush();
		else this.#timer ??= setTimeout(() => this.#flush(), this.#delayMs());
		return done;
	}

	#flush(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const pending = this.#pending;
		this.#pending = null;
		if (!pending) return;
		pending.job.provinces = [...pending.provinces].sort();
		pending.job.createdAt = Date.now();
		for (const [table, rows] of pending.rows) pending.job.tables[table] = { ids: rows.ids, ndjson: rows.lines.join('\n') };
		if (!Number.isFinite(pending.job.minOccurredAt)) pending.job.minOccurredAt = pending.job.maxOccurredAt = 0;
		const sent = this.#enqueue(pending.job).then(
			() => pending.settle.forEach((s) => s.resolve()),
			(error) => pending.settle.forEach((s) => s.reject(error))
		);
		this.#inFlight.add(sent);
		void sent.finally(() => this.#inFlight.delete(sent));
	}

	/** Flushes what is pending and waits for every job in flight (graceful shutdown). */
	async drain(): Promise<void> {
		this.#flush();
		await Promise.allSettled([...this.#inFlight]);
	}
}

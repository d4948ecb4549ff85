import { describe, it, expect, vi, afterEach } from 'vitest';
import { GroupCommit, groupCommitDelay } from './group-commit.ts';
import type { PreparedBatch } from './batch.ts';
import type { IngestJob } from './job.ts';

afterEach(() => {
	vi.useRealTimers();
});

function batch(tables: Record<string, string[]>, opts: { rejects?: string[]; provinces?: string[]; min?: number; max?: number; accepted?: number } = {}): PreparedBatch {
	const t: PreparedBatch['tables'] = {};
	let rows = 0;
	for (const [table, ids] of Object.entries(tables)) {
		t[table] = { ids, lines: ids.map((id) => JSON.stringify({ event_id: id })) };
		rows += ids.length;
	}
	return {
		tables: t,
		rejects: opts.rejects ?? [],
		rejections: [],
		accepted: opts.accepted ?? rows,
		provinces: opts.provinces ?? [],
		minOccurredAt: opts.min ?? (rows > 0 ? 1000 : Infinity),
		maxOccurredAt: opts.max ?? (rows > 0 ? 2000 : -Infinity)
	};
}

function recorder(result: () => Promise<void> = () => Promise.resolve()) {
	const jobs: IngestJob[] = [];
	const enqueue = async (job: IngestJob) => {
		jobs.push(structuredClone(job));
		return result();
	};
	return { jobs, enqueue };
}

describe('GroupCommit', () => {
	it('merges small adds within the time window into ONE enqueue', async () => {
		vi.useFakeTimers();
		const { jobs, enqueue } = recorder();
		const gc = new GroupCommit(enqueue, 1000, 50);
		const done = [
			gc.add(batch({ raw_visit: ['a', 'b'] }, { provinces: ['79', '01'], min: 5000, max: 6000 })),
			gc.add(batch({ raw_visit: ['c'], raw_stock: ['d'] }, { provinces: ['48', '79'], min: 3000, max: 4000, rejects: ['r1'] })),
			gc.add(batch({ raw_registration: ['e'] }, { provinces: ['01'], min: 7000, max: 9000 }))
		];
		let settled = 0;
		for (const p of done) void p.then(() => settled++);
		await vi.advanceTimersByTimeAsync(49);
		expect(jobs).toHaveLength(0);
		expect(settled).toBe(0);
		await vi.advanceTimersByTimeAsync(1);
		await Promise.all(done);
		expect(jobs).toHaveLength(1);
		const [job] = jobs;
		expect(job.tables.raw_visit).toEqual({
			ids: ['a', 'b', 'c'],
			ndjson: ['a', 'b', 'c'].map((id) => JSON.stringify({ event_id: id })).join('\n')
		});
		expect(job.tables.raw_stock.ids).toEqual(['d']);
		expect(job.tables.raw_registration.ids).toEqual(['e']);
		expect(job.events).toBe(5);
		expect(job.rejects).toEqual(['r1']);
		expect(job.provinces).toEqual(['01', '48', '79']);
		expect(job.minOccurredAt).toBe(3000);
		expect(job.maxOccurredAt).toBe(9000);
	});

	it('flushes immediately when maxEvents is reached, and starts a new job after', async () => {
		vi.useFakeTimers();
		const { jobs, enqueue } = recorder();
		const gc = new GroupCommit(enqueue, 3, 10_000);
		const first = gc.add(batch({ raw_visit: ['a', 'b'] }));
		expect(jobs).toHaveLength(0);
		const second = gc.add(batch({ raw_visit: ['c'] }));
		// No timer needed: the size limit flushed synchronously.
		expect(jobs).toHaveLength(1);
		await Promise.all([first, second]);
		expect(jobs[0].events).toBe(3);
		expect(jobs[0].tables.raw_visit.ids).toEqual(['a', 'b', 'c']);

		const third = gc.add(batch({ raw_visit: ['d'] }));
		expect(jobs).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(10_000);
		await third;
		expect(jobs).toHaveLength(2);
		expect(jobs[1].tables.raw_visit.ids).toEqual(['d']);
	});

	it('waits longer while the queue is behind: the delay is asked when a job starts', async () => {
		vi.useFakeTimers();
		const { jobs, enqueue } = recorder();
		let queued = 0;
		const gc = new GroupCommit(enqueue, 1000, () => groupCommitDelay(50, 1000, queued));
		const quick = gc.add(batch({ raw_visit: ['a'] }));
		await vi.advanceTimersByTimeAsync(50);
		await quick;
		expect(jobs).toHaveLength(1);
		queued = 6;
		const slow = gc.add(batch({ raw_visit: ['b'] }));
		await vi.advanceTimersByTimeAsync(50);
		gc.add(batch({ raw_visit: ['c'] })); // joins the job still gathering
		await vi.advanceTimersByTimeAsync(700);
		expect(jobs).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(50);
		await slow;
		expect(jobs[1].tables.raw_visit.ids).toEqual(['b', 'c']);
	});

	it('grows the delay by doubling per queued job beyond two, up to the maximum', () => {
		expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((q) => groupCommitDelay(50, 1000, q))).toEqual([50, 50, 50, 100, 200, 400, 800, 1000, 1000]);
		// A maximum below the base is no maximum: the base is the least.
		expect(groupCommitDelay(50, 0, 9)).toBe(50);
		expect(groupCommitDelay(0, 1000, 9)).toBe(0);
	});

	it('counts rejects towards maxEvents', async () => {
		const { jobs, enqueue } = recorder();
		const gc = new GroupCommit(enqueue, 2, 10_000);
		const p = gc.add(batch({ raw_visit: ['a'] }, { rejects: ['r'] }));
		expect(jobs).toHaveLength(1);
		await p;
	});

	it('a single batch larger than maxEvents is one job, flushed at once', async () => {
		const { jobs, enqueue } = recorder();
		const gc = new GroupCommit(enqueue, 2, 10_000);
		await gc.add(batch({ raw_visit: ['a', 'b', 'c', 'd'] }));
		expect(jobs).toHaveLength(1);
		expect(jobs[0].events).toBe(4);
	});

	it('rejects every add() of a job when enqueue rejects', async () => {
		vi.useFakeTimers();
		const failure = new Error('redis down');
		const { jobs, enqueue } = recorder(() => Promise.reject(failure));
		const gc = new GroupCommit(enqueue, 1000, 20);
		const adds = [gc.add(batch({ raw_visit: ['a'] })), gc.add(batch({ raw_stock: ['b'] })), gc.add(batch({}, { rejects: ['r'] }))];
		const outcomes = Promise.allSettled(adds);
		await vi.advanceTimersByTimeAsync(20);
		const results = await outcomes;
		expect(jobs).toHaveLength(1);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
		for (const r of results) expect((r as PromiseRejectedResult).reason).toBe(failure);
	});

	it('a failed job does not fail the next one', async () => {
		let fail = true;
		const { jobs, enqueue } = recorder(() => (fail ? Promise.reject(new Error('x')) : Promise.resolve()));
		const gc = new GroupCommit(enqueue, 1, 10_000);
		await expect(gc.add(batch({ raw_visit: ['a'] }))).rejects.toThrow('x');
		fail = false;
		await expect(gc.add(batch({ raw_visit: ['b'] }))).resolves.toBeUndefined();
		expect(jobs.map((j) => j.tables.raw_visit.ids)).toEqual([['a'], ['b']]);
	});

	it('drain() flushes what is pending and waits for it', async () => {
		let release!: () => void;
		const { jobs, enqueue } = recorder(() => new Promise<void>((r) => (release = r)));
		const gc = new GroupCommit(enqueue, 1000, 60_000);
		let acked = false;
		const add = gc.add(batch({ raw_visit: ['a'] })).then(() => (acked = true));
		let drained = false;
		const drain = gc.drain().then(() => (drained = true));
		expect(jobs).toHaveLength(1);
		await Promise.resolve();
		expect(drained).toBe(false);
		release();
		await drain;
		await add;
		expect(acked).toBe(true);
		expect(drained).toBe(true);
	});

	it('drain() with nothing pending resolves without enqueueing', async () => {
		const { jobs, enqueue } = recorder();
		const gc = new GroupCommit(enqueue, 1000, 20);
		await gc.drain();
		expect(jobs).toHaveLength(0);
	});

	it('a batch with nothing accepted and no rejects resolves without enqueueing', async () => {
		vi.useFakeTimers();
		const { jobs, enqueue } = recorder();
		const gc = new GroupCommit(enqueue, 1000, 20);
		await gc.add(batch({}));
		await vi.advanceTimersByTimeAsync(100);
		await gc.drain();
		expect(jobs).toHaveLength(0);
	});

	it('a batch of only rejects is enqueued with zero events and zero time bounds', async () => {
		const { jobs, enqueue } = recorder();
		const gc = new GroupCommit(enqueue, 1000, 20);
		const p = gc.add(batch({}, { rejects: ['r1', 'r2'] }));
		await gc.drain();
		await p;
		expect(jobs).toHaveLength(1);
		expect(jobs[0].events).toBe(0);
		expect(jobs[0].rejects).toEqual(['r1', 'r2']);
		expect(jobs[0].tables).toEqual({});
		expect(jobs[0].minOccurredAt).toBe(0);
		expect(jobs[0].maxOccurredAt).toBe(0);
	});

	it('counts rows, not accepted duplicates, as events', async () => {
		const { jobs, enqueue } = recorder();
		const gc = new GroupCommit(enqueue, 1000, 20);
		// Three copies of one event: accepted 3, one row.
		const p = gc.add(batch({ raw_visit: ['a'] }, { accepted: 3 }));
		await gc.drain();
		await p;
		expect(jobs[0].events).toBe(1);
	});
});

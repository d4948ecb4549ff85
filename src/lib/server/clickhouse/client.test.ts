import { expect, it } from 'vitest';
import { Lane, inLanes, withPriority } from './client.ts';

/** A connection whose calls finish when the test says; it records what runs at once. */
function fakeConnection() {
	const running = new Set<string>();
	const finish = new Map<string, () => void>();
	const started: string[] = [];
	let mostWrites = 0;
	const call = (kind: string) => async (params: { query?: string; table?: string }) => {
		const name = params.query ?? `insert ${params.table}`;
		started.push(name);
		running.add(name);
		mostWrites = Math.max(mostWrites, [...running].filter((q) => !/^\s*(SELECT|WITH)/i.test(q)).length);
		await new Promise<void>((resolve) => finish.set(name, resolve));
		running.delete(name);
		return kind;
	};
	const connection = { query: call('query'), exec: call('exec'), command: call('command'), insert: call('insert'), ping: async () => true, close: async () => {} };
	return { connection, started, finish: (name: string) => finish.get(name)!(), mostWrites: () => mostWrites };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

it('runs writes one at a time on the write session and each read on a read session of its own, never behind a write', async () => {
	const write = fakeConnection();
	const reads = [fakeConnection(), fakeConnection()];
	let closed = 0;
	for (const f of [write, ...reads]) f.connection.close = async () => void closed++;
	const gated = inLanes({ writes: [write.connection], reads: reads.map((r) => r.connection) });
	const writes = [1, 2, 3].map((i) => gated.exec({ query: `INSERT INTO raw_visit FORMAT JSONEachRow -- ${i}` }));
	const insert = gated.insert({ table: 'audit_log' });
	await tick();
	expect(write.started).toEqual(['INSERT INTO raw_visit FORMAT JSONEachRow -- 1']);
	const queries = ['WITH 1 AS x SELECT x', 'SELECT 2', 'SELECT 3'].map((query) => gated.query({ query }));
	await tick();
	// Not behind the three queued writes: one read on each read session, the third waiting for one of them.
	const startedOn = () => reads.map((r) => [...r.started]);
	expect(startedOn()).toEqual([['SELECT 2'], ['WITH 1 AS x SELECT x']]);
	reads[1].finish('WITH 1 AS x SELECT x');
	expect(await queries[0]).toBe('query');
	await tick();
	expect(startedOn()).toEqual([['SELECT 2'], ['WITH 1 AS x SELECT x', 'SELECT 3']]);
	reads[0].finish('SELECT 2');
	reads[1].finish('SELECT 3');
	expect(await Promise.all(queries.slice(1))).toEqual(['query', 'query']);
	for (const i of [1, 2, 3]) {
		write.finish(`INSERT INTO raw_visit FORMAT JSONEachRow -- ${i}`);
		await writes[i - 1];
		await tick();
	}
	write.finish('insert audit_log');
	expect(await insert).toBe('insert');
	expect(write.mostWrites()).toBe(1);
	expect(reads.every((r) => r.mostWrites() === 0)).toBe(true);
	expect(await gated.ping()).toBe(true);
	await gated.close();
	expect(closed).toBe(3);
});

it('a lane of two runs two at a time, in arrival order, and goes on after a failure', async () => {
	const lane = new Lane(2);
	const order: number[] = [];
	const gates = [0, 1, 2, 3].map(() => Promise.withResolvers<void>());
	const tasks = gates.map((g, i) => lane.run(async () => {
		order.push(i);
		await g.promise;
		if (i === 0) throw new Error('boom');
		return i;
	}));
	await tick();
	expect(order).toEqual([0, 1]);
	expect(lane.queued).toBe(2);
	gates[0].resolve();
	await expect(tasks[0]).rejects.toThrow('boom');
	await tick();
	expect(order).toEqual([0, 1, 2]);
	gates.forEach((g) => g.resolve());
	expect(await Promise.all(tasks.slice(1))).toEqual([1, 2, 3]);
});

it('starts the waiting task of the lowest priority number first, in arrival order within a level', async () => {
	const lane = new Lane(1);
	const order: string[] = [];
	const first = Promise.withResolvers<void>();
	const task = (name: string, wait?: Promise<void>) => async () => {
		order.push(name);
		await wait;
	};
	const running = lane.run(task('running', first.promise));
	const queued = [
		lane.run(task('page load')),
		withPriority(1, () => lane.run(task('province'))),
		withPriority(0, () => lane.run(task('national'))),
		withPriority(1, () => lane.run(task('province 2'))),
		lane.run(task('alert pass'))
	];
	await tick();
	first.resolve();
	await Promise.all([running, ...queued]);
	expect(order).toEqual(['running', 'national', 'province', 'province 2', 'page load', 'alert pass']);
});

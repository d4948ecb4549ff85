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

it('lets a read pass writes queued behind the one in flight, and runs writes one at a time', async () => {
	const fake = fakeConnection();
	const gated = inLanes(fake.connection, { read: new Lane(2), write: new Lane(1) });
	const writes = [1, 2, 3].map((i) => gated.exec({ query: `INSERT INTO raw_visit FORMAT JSONEachRow -- ${i}` }));
	const insert = gated.insert({ table: 'audit_log' });
	await tick();
	expect(fake.started).toEqual(['INSERT INTO raw_visit FORMAT JSONEachRow -- 1']);
	const read = gated.query({ query: 'WITH 1 AS x SELECT x' });
	await tick();
	expect(fake.started.at(-1)).toBe('WITH 1 AS x SELECT x'); // not behind the three queued writes
	fake.finish('WITH 1 AS x SELECT x');
	expect(await read).toBe('query');
	for (const i of [1, 2, 3]) {
		fake.finish(`INSERT INTO raw_visit FORMAT JSONEachRow -- ${i}`);
		await writes[i - 1];
		await tick();
	}
	fake.finish('insert audit_log');
	expect(await insert).toBe('insert');
	expect(fake.mostWrites()).toBe(1);
	expect(await gated.ping()).toBe(true);
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

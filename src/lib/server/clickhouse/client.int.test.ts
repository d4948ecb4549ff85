// The embedded engine's sessions, for real: a screen's read does not wait for the worker's insert in flight, and what
// the write session stores the read sessions see.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { openClickHouse, selectRows, type ClickHouseClient } from './client.ts';
import { tempDataDir } from '../testing/server.ts';

let client: ClickHouseClient;
beforeAll(async () => {
	client = await openClickHouse({ mode: 'embedded', path: join(tempDataDir(), 'clickhouse') });
	await client.command({ query: 'CREATE TABLE heavy (k UInt64, h UInt64) ENGINE = MergeTree ORDER BY k' });
});
afterAll(() => client?.close());

it('answers a read while a long insert runs, and the reads see what the insert stored', async () => {
	const finished: string[] = [];
	// About a second of one core's work (a hash chain per row), however fast the machine, relative to a SELECT 1.
	const insert = client
		.command({ query: 'INSERT INTO heavy SELECT number, arrayReduce(\'sum\', arrayMap(i -> cityHash64(number, i), range(200))) FROM numbers(400000) SETTINGS max_threads = 1' })
		.then(() => finished.push('insert'));
	await new Promise((r) => setTimeout(r, 100));
	const [row] = await selectRows<{ x: number }>(client, 'SELECT 1 AS x');
	finished.push('read');
	expect(row.x).toBe(1);
	await insert;
	expect(finished).toEqual(['read', 'insert']);
	const [stored] = await selectRows<{ n: string }>(client, 'SELECT count() AS n FROM heavy');
	expect(Number(stored.n)).toBe(400_000);
});

// The migration runner against the real engine: applies in order, records, is safe to run twice, refuses edits.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openClickHouse, type ClickHouseClient } from './client.ts';
import { migrate, MIGRATIONS_DIR, readMigrations } from './migrate.ts';

let client: ClickHouseClient;
beforeAll(async () => {
	client = await openClickHouse({ mode: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'mcc-mig-')), 'clickhouse') });
});
afterAll(async () => client?.close());

it('applies every migration once, records it, and applies nothing the second time', async () => {
	const all = readMigrations().map((m) => m.name);
	expect(all.length).toBeGreaterThanOrEqual(2);
	expect(await migrate(client)).toMatchObject({ applied: all, skipped: [] });
	expect(await migrate(client)).toEqual({ applied: [], skipped: all, backfilled: [] });
	const recorded = await (await client.query({ query: 'SELECT name FROM schema_migrations FINAL ORDER BY version', format: 'JSONEachRow' })).json<{ name: string }>();
	expect(recorded.map((r) => r.name)).toEqual(all);
	const tables = await (await client.query({ query: "SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'raw_%'", format: 'JSONEachRow' })).json<{ name: string }>();
	expect(tables.map((t) => t.name).sort()).toEqual(['raw_coldchain', 'raw_registration', 'raw_stock', 'raw_verification', 'raw_visit']);
});

it('applies a new migration, and refuses to run when an applied one was edited', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'mcc-migrations-'));
	cpSync(MIGRATIONS_DIR, dir, { recursive: true });
	writeFileSync(join(dir, '9000_test_extra.sql'), 'CREATE TABLE IF NOT EXISTS test_extra (x UInt8) ENGINE = MergeTree ORDER BY x;\n');
	expect((await migrate(client, dir)).applied).toEqual(['9000_test_extra']);
	appendFileSync(join(dir, '9000_test_extra.sql'), '-- edited after it ran\n');
	await expect(migrate(client, dir)).rejects.toThrow(/9000_test_extra was changed after it was applied/);
});

it('fills a new rollup from the events already stored, once', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'mcc-migrations-'));
	cpSync(MIGRATIONS_DIR, dir, { recursive: true });
	await client.command({ query: `INSERT INTO raw_coldchain (event_id, type, occurred_at, province_code, facility_id, device_id, temperature_c)
		VALUES (generateUUIDv4(), 'coldchain.reading', '2021-08-10 02:00:00', '01', 'S-1', 'D1', 5), (generateUUIDv4(), 'coldchain.reading', '2021-08-10 03:00:00', '01', 'S-1', 'D1', 9)` });
	writeFileSync(
		join(dir, '9001_test_rollup.sql'),
		`CREATE TABLE IF NOT EXISTS test_readings (facility_id String, n UInt64) ENGINE = SummingMergeTree ORDER BY facility_id;
CREATE MATERIALIZED VIEW IF NOT EXISTS test_readings_mv TO test_readings AS SELECT facility_id, count() AS n FROM raw_coldchain GROUP BY facility_id;
`
	);
	const result = await migrate(client, dir);
	expect(result.backfilled).toEqual(['test_readings_mv → default.test_readings']);
	// Later readings arrive through the view; nothing is counted twice.
	await client.command({ query: `INSERT INTO raw_coldchain (event_id, type, occurred_at, province_code, facility_id, device_id, temperature_c)
		VALUES (generateUUIDv4(), 'coldchain.reading', '2021-08-10 04:00:00', '01', 'S-1', 'D1', 6)` });
	const rows = await (await client.query({ query: 'SELECT facility_id, toUInt32(sum(n)) AS n FROM test_readings GROUP BY facility_id', format: 'JSONEachRow' })).json();
	expect(rows).toEqual([{ facility_id: 'S-1', n: 3 }]);
});


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
	expect(await migrate(client)).toEqual({ applied: all, skipped: [] });
	expect(await migrate(client)).toEqual({ applied: [], skipped: all });
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

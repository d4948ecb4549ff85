// Applies clickhouse/NNNN_name.sql in order and records each in schema_migrations. Safe to run twice.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClickHouseClient } from './client.ts';

/** clickhouse/ at the project root, found upwards from this file: it runs from src/ and from the build/ bundle. */
function findMigrationsDir(): string {
	for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'clickhouse'))) return join(dir, 'clickhouse');
		if (dirname(dir) === dir) throw new Error(`no clickhouse/ migrations directory above ${import.meta.dirname}`);
	}
}

export const MIGRATIONS_DIR = findMigrationsDir();

export interface Migration {
	version: number;
	name: string;
	checksum: string;
	statements: string[];
}

/** Splits a file on semicolons that end a line; `--` comment lines are dropped. */
export function splitStatements(sql: string): string[] {
	const withoutComments = sql
		.split('\n')
		.filter((line) => !line.trimStart().startsWith('--'))
		.join('\n');
	return withoutComments
		.split(/;\s*(?:\n|$)/)
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
	const files = readdirSync(dir)
		.filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
		.sort();
	return files.map((file) => {
		const sql = readFileSync(join(dir, file), 'utf8');
		return {
			version: Number(file.slice(0, 4)),
			name: file.replace(/\.sql$/, ''),
			checksum: createHash('sha256').update(sql).digest('hex'),
			statements: splitStatements(sql)
		};
	});
}

export interface MigrateResult {
	applied: string[];
	skipped: string[];
	/** Rollups filled from the events already stored, as `view → target`. */
	backfilled: string[];
}

interface View {
	name: string;
	target: string;
	select: string;
}

async function materializedViews(client: ClickHouseClient): Promise<View[]> {
	const rows = await (
		await client.query({
			query: `SELECT name, as_select, create_table_query FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView'`,
			format: 'JSONEachRow'
		})
	).json<{ name: string; as_select: string; create_table_query: string }>();
	return rows.map((r) => ({ name: r.name, select: r.as_select, target: /\bTO\s+([\w.`]+)/.exec(r.create_table_query)?.[1] ?? '' }));
}

/**
 * A materialized view sees only rows inserted after it exists. A rollup added to a deployment that already holds
 * events is filled once from them, with the view's own SELECT, so it starts complete. Only into an empty target,
 * so a migration interrupted and run again does not count twice. Migrations run before ingest starts (at boot in
 * embedded mode; the one-shot migrate service in docker-compose), so no event is counted by both.
 */
async function backfill(client: ClickHouseClient, views: View[]): Promise<string[]> {
	const done: string[] = [];
	for (const view of views) {
		if (!view.target) throw new Error(`materialized view ${view.name} must write TO a named table`);
		const [{ n }] = await (await client.query({ query: `SELECT count() AS n FROM ${view.target}`, format: 'JSONEachRow' })).json<{ n: string }>();
		if (Number(n) > 0) continue;
		await client.command({ query: `INSERT INTO ${view.target} ${view.select}` });
		done.push(`${view.name} → ${view.target}`);
	}
	return done;
}

export async function migrate(client: ClickHouseClient, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
	await client.command({
		query: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
		) ENGINE = ReplacingMergeTree ORDER BY version`
	});
	const done = await (
		await client.query({ query: 'SELECT version, name, checksum FROM schema_migrations FINAL', format: 'JSONEachRow' })
	).json<{ version: number; name: string; checksum: string }>();
	const byVersion = new Map(done.map((m) => [Number(m.version), m]));
	const result: MigrateResult = { applied: [], skipped: [], backfilled: [] };
	for (const migration of readMigrations(dir)) {
		const previous = byVersion.get(migration.version);
		if (previous) {
			if (previous.checksum !== migration.checksum) {
				throw new Error(
					`Migration ${migration.name} was changed after it was applied (checksum differs). ` +
						'Never edit an applied migration: add a new numbered file instead.'
				);
			}
			result.skipped.push(migration.name);
			continue;
		}
		const viewsBefore = new Set((await materializedViews(client)).map((v) => v.name));
		for (const statement of migration.statements) {
			await client.command({ query: statement });
		}
		result.backfilled.push(...(await backfill(client, (await materializedViews(client)).filter((v) => !viewsBefore.has(v.name)))));
		await client.insert({
			table: 'schema_migrations',
			values: [{ version: migration.version, name: migration.name, checksum: migration.checksum }],
			format: 'JSONEachRow'
		});
		result.applied.push(migration.name);
	}
	return result;
}

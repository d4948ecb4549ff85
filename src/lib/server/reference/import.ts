// Loads an official reference list into ClickHouse: validate every row (src/lib/reference/import.ts) against what
// the database holds, and only when all are good, insert them in ONE INSERT (one block: atomic) with a new version,
// so they replace the rows with the same code / id. Nothing is written when any row is bad.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { validateImport, type ImportContext, type ImportFormat, type ImportKind } from '../../reference/import.ts';
import { communeRow, districtRow, facilityRow, type RefTable, type Row } from './rows.ts';

export interface ImportOutcome {
	ok: boolean;
	kind: ImportKind | null;
	table: RefTable | null;
	inserted: number;
	version: number;
	errors: string[];
}

const TABLES: Record<ImportKind, RefTable> = { districts: 'ref_district', communes: 'ref_commune', facilities: 'ref_facility' };

async function pairs(client: ClickHouseClient, query: string): Promise<[string, string][]> {
	const rows = await (await client.query({ query, format: 'JSONCompactEachRow' })).json<[string, string]>();
	return rows;
}

export async function loadImportContext(client: ClickHouseClient): Promise<ImportContext> {
	const [districts, communes, facilities] = await Promise.all([
		pairs(client, 'SELECT code, province_code FROM ref_district FINAL'),
		pairs(client, 'SELECT code, district_code FROM ref_commune FINAL'),
		pairs(client, "SELECT id, '' FROM ref_facility FINAL")
	]);
	return { districts: new Map(districts), communes: new Map(communes), facilities: new Set(facilities.map(([id]) => id)) };
}

/** Versions of imports are the import time in ms: above the generated rows' 1, and increasing. */
export async function importReference(
	client: ClickHouseClient,
	text: string,
	options: { format: ImportFormat; kind?: ImportKind; version?: number; dryRun?: boolean }
): Promise<ImportOutcome> {
	const version = options.version ?? Date.now();
	const result = validateImport(text, options.format, await loadImportContext(client), options.kind);
	if (!result.ok) return { ok: false, kind: result.kind, table: result.kind && TABLES[result.kind], inserted: 0, version, errors: result.errors };
	let rows: Row[];
	if (result.kind === 'districts') rows = result.items.map((d, i) => districtRow(d, 'import', version, result.estimated18[i]));
	else if (result.kind === 'communes') rows = result.items.map((c, i) => communeRow(c, 'import', version, result.estimated18[i]));
	else rows = result.items.map((f) => facilityRow(f, 'import', version));
	const table = TABLES[result.kind];
	if (!options.dryRun) {
		// One block (tables are unpartitioned; the block limit is raised above the row count), so all rows land or none.
		await client.insert({ table, values: rows, format: 'JSONEachRow', clickhouse_settings: { max_insert_block_size: String(Math.max(rows.length, 1_048_576)) } });
	}
	return { ok: true, kind: result.kind, table, inserted: options.dryRun ? 0 : rows.length, version, errors: [] };
}

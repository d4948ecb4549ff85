// Seeds the ref_* tables with generated reference data (src/lib/reference/build.ts) when ref_facility is empty:
// at the first start of a deployment. Idempotent: once facilities exist nothing is written, and ref_facility is
// written last, so an interrupted seed is completed by the next start (rows repeat at version 1 and collapse).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { buildReference, PRIORITY_GROUPS } from '../../reference/build.ts';
import { PROVINCES } from '../../reference/provinces.ts';
import { VACCINES } from '../../reference/vaccines.ts';
import { findProvinceGeoFile, loadProvincePolygons } from '../../reference/geo-load.ts';
import type { ProvincePolygons } from '../../reference/geo.ts';
import { communeRow, districtRow, facilityRow, priorityGroupRow, provinceRow, vaccineRow, type RefTable, type Row } from './rows.ts';

/** Generated rows carry version 1; every import carries a higher one. */
export const SEED_VERSION = 1;

export interface SeedResult {
	seeded: boolean;
	rows: Partial<Record<RefTable, number>>;
	/** Whether facility coordinates were placed inside the province polygons (else around the capitals). */
	polygons: boolean;
	ms: number;
}

/** The province polygons of the extract (static/geo/ or build/client/geo/), or undefined when it is missing. */
export function defaultPolygons(): ProvincePolygons | undefined {
	const file = findProvinceGeoFile();
	return file ? loadProvincePolygons(file) : undefined;
}

async function insertRows(client: ClickHouseClient, table: RefTable, rows: Row[]): Promise<void> {
	// One INSERT (one block) per table: JSONEachRow as a single string.
	await client.insert({ table, values: rows, format: 'JSONEachRow' });
}

export async function seedReference(
	client: ClickHouseClient,
	seed = 1,
	/** Default: the extract's polygons (see defaultPolygons), loaded only when a seed is needed. */
	polygons?: ProvincePolygons
): Promise<SeedResult> {
	const started = performance.now();
	const existing = await (await client.query({ query: 'SELECT count() AS n FROM ref_facility', format: 'JSONEachRow' })).json<{ n: string | number }>();
	if (Number(existing[0]?.n ?? 0) > 0) return { seeded: false, rows: {}, polygons: false, ms: performance.now() - started };

	const shapes = polygons ?? defaultPolygons();
	const data = buildReference(seed, shapes);
	const v = SEED_VERSION;
	const tables: [RefTable, Row[]][] = [
		['ref_province', PROVINCES.map((p) => provinceRow(p, v))],
		['ref_priority_group', PRIORITY_GROUPS.map((g) => priorityGroupRow(g, v))],
		['ref_vaccine', VACCINES.map((x) => vaccineRow(x, v))],
		['ref_district', data.districts.map((d) => districtRow(d, 'generated', v))],
		['ref_commune', data.communes.map((c) => communeRow(c, 'generated', v))],
		['ref_facility', data.facilities.map((f) => facilityRow(f, 'generated', v))] // last: it marks the seed as done
	];
	const rows: SeedResult['rows'] = {};
	for (const [table, list] of tables) {
		await insertRows(client, table, list);
		rows[table] = list.length;
	}
	return { seeded: true, rows, polygons: shapes !== undefined, ms: performance.now() - started };
}

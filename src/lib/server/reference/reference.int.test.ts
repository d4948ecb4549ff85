// Reference data against the real embedded engine: the generated seed, and imports of official lists
// (in process, and through the CLI in its own process and data directory).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDataDir, tempDataDir, count, ROOT } from '../testing/server.ts';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { seedReference } from './seed.ts';
import { importReference } from './import.ts';
import { testPolygons } from '../../reference/test-polygons.ts';

let clickhouse: ClickHouseClient;

beforeAll(async () => {
	clickhouse = await openDataDir(tempDataDir());
});
afterAll(async () => {
	await clickhouse?.close();
});

const rows = <T>(query: string) => clickhouse.query({ query, format: 'JSONEachRow' }).then((r) => r.json<T>());

describe('seed', () => {
	it('seeds the generated data once, fast, adding up to the census', async () => {
		const first = await seedReference(clickhouse, 1, testPolygons());
		expect(first.seeded).toBe(true);
		expect(first.rows).toEqual({ ref_province: 63, ref_priority_group: 16, ref_vaccine: 8, ref_district: 705, ref_commune: 10_600, ref_facility: 20_273 });
		expect(first.ms).toBeLessThan(5_000);
		expect((await seedReference(clickhouse)).seeded).toBe(false);
		expect(await count(clickhouse, 'SELECT count() AS n FROM ref_facility FINAL')).toBe(20_273);
		expect(await count(clickhouse, "SELECT count() AS n FROM ref_facility FINAL WHERE kind = 'site'")).toBe(19_500);
		expect(await count(clickhouse, 'SELECT sum(population) AS n FROM ref_province FINAL')).toBe(96_208_984);
		expect(await count(clickhouse, 'SELECT sum(population) AS n FROM ref_district FINAL')).toBe(96_208_984);
		expect(await count(clickhouse, 'SELECT sum(population) AS n FROM ref_commune FINAL')).toBe(96_208_984);
		const [adults] = await rows<{ p: number; d: number }>(
			'SELECT (SELECT sum(population18) FROM ref_province FINAL) AS p, (SELECT sum(population18) FROM ref_district FINAL) AS d'
		);
		expect(Number(adults.p)).toBe(Number(adults.d));
		expect(await count(clickhouse, 'SELECT count() AS n FROM ref_priority_group FINAL')).toBe(16);
	});
});

describe('import', () => {
	const districts = (population: string) =>
		'code,province_code,name_vi,name_en,population,population18\n' +
		'001,01,Quận Ba Đình,Ba Dinh District,247100,\n' +
		`002,01,Quận Hoàn Kiếm,Hoan Kiem District,${population},100000\n` +
		'003,01,Quận Tây Hồ,Tay Ho District,160495,\n';

	it('a good file loads in one insert and replaces the generated rows with the same codes', async () => {
		const outcome = await importReference(clickhouse, districts('135618'), { format: 'csv' });
		expect(outcome).toMatchObject({ ok: true, kind: 'districts', table: 'ref_district', inserted: 3, errors: [] });
		const loaded = await rows<{ code: string; name_vi: string; source: string; population18: number; population18_estimated: number }>(
			"SELECT code, name_vi, source, population18, population18_estimated FROM ref_district FINAL WHERE code IN ('001', '002', '003') ORDER BY code"
		);
		expect(loaded).toEqual([
			{ code: '001', name_vi: 'Quận Ba Đình', source: 'import', population18: 175441, population18_estimated: 1 },
			{ code: '002', name_vi: 'Quận Hoàn Kiếm', source: 'import', population18: 100000, population18_estimated: 0 },
			{ code: '003', name_vi: 'Quận Tây Hồ', source: 'import', population18: 113951, population18_estimated: 1 }
		]);
		expect(await count(clickhouse, 'SELECT count() AS n FROM ref_district FINAL')).toBe(705);
	});

	it('a file with one bad row loads nothing and reports the line', async () => {
		const before = await count(clickhouse, 'SELECT count() AS n FROM ref_district');
		const outcome = await importReference(clickhouse, districts('many').replace('Quận Ba Đình', 'Quận Ba Đình (mới)'), { format: 'csv' });
		expect(outcome).toMatchObject({ ok: false, inserted: 0, errors: ['line 3: field population must be a whole number from 0 to 100000000'] });
		expect(await count(clickhouse, 'SELECT count() AS n FROM ref_district')).toBe(before);
		expect(await count(clickhouse, "SELECT count() AS n FROM ref_district FINAL WHERE name_vi LIKE '%(mới)%'")).toBe(0);
	});

	it('facilities (JSON) refer to known districts, communes and stores', async () => {
		const [commune] = await rows<{ code: string }>("SELECT code FROM ref_commune FINAL WHERE district_code = '001' ORDER BY code LIMIT 1");
		const site = {
			id: 'S-01-90001',
			kind: 'site',
			level: 'site',
			provinceCode: '01',
			districtCode: '001',
			communeCode: commune.code,
			nameVi: 'Trạm Y tế Phường Phúc Xá',
			lon: 105.847,
			lat: 21.046,
			tables: 3,
			personInCharge: 'BS. Nguyễn Thị Lan',
			staff: 12,
			emergencyTeam: 3,
			internet: true,
			computer: true,
			printer: true,
			qrScanner: false,
			supplierId: 'W-01-001'
		};
		const [hcm] = await rows<{ code: string }>("SELECT code FROM ref_district FINAL WHERE province_code = '79' ORDER BY code LIMIT 1");
		const bad = await importReference(clickhouse, JSON.stringify([site, { ...site, id: 'S-01-90002', districtCode: hcm.code }]), { format: 'json' });
		expect(bad.errors).toEqual([
			`item 2: field district_code must be in the facility's province (${hcm.code} is in 79, not 01)`,
			`item 2: field commune_code must be in the facility's district (${commune.code} is in 001, not ${hcm.code})`
		]);
		expect(await count(clickhouse, "SELECT count() AS n FROM ref_facility WHERE id LIKE 'S-01-9000%'")).toBe(0);
		const good = await importReference(clickhouse, JSON.stringify([site]), { format: 'json' });
		expect(good).toMatchObject({ ok: true, inserted: 1 });
		const [stored] = await rows<Record<string, unknown>>("SELECT * FROM ref_facility FINAL WHERE id = 'S-01-90001'");
		expect(stored).toMatchObject({ province_code: '01', name_en: 'Tram Y te Phuong Phuc Xa', qr_scanner: false, internet: true, supplier_id: 'W-01-001', source: 'import' });
	});
});

describe('npm run import:reference', () => {
	const dataDir = tempDataDir();
	const run = (file: string, ...args: string[]) =>
		spawnSync(process.execPath, [join(ROOT, 'src/cli/import-reference.ts'), file, ...args], {
			env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test', CLICKHOUSE_URL: '' },
			encoding: 'utf8',
			timeout: 60_000
		});

	it('exit 1 with every error and nothing written; exit 0 when all rows are good', () => {
		const bad = join(dataDir, 'districts-bad.csv');
		writeFileSync(bad, 'code,province_code,name_vi,population\n101,01,A,10\n102,00,B,10\n103,01,C,-5\n');
		const refused = run(bad);
		expect(refused.status).toBe(1);
		expect(refused.stderr).toContain('2 error(s) in districts; nothing was written.');
		expect(refused.stderr).toContain('line 3: field province_code must be a GSO province code of 2021 (00 is unknown)');
		expect(refused.stderr).toContain('line 4: field population must be a whole number from 0 to 100000000');

		// Communes need their districts in the database: none were written above.
		const communes = join(dataDir, 'communes.json');
		writeFileSync(communes, JSON.stringify([{ code: '00001', district_code: '101', name_vi: 'Phường X', population: 5 }]));
		const orphan = run(communes);
		expect(orphan.status).toBe(1);
		expect(orphan.stderr).toContain('item 1: field district_code must be a known district (101 is not in ref_district)');

		const good = join(dataDir, 'districts.csv');
		writeFileSync(good, 'code,province_code,name_vi,population\n101,01,A,10\n102,01,B,10\n');
		const loaded = run(good, '--kind', 'districts');
		expect(loaded.stderr).toBe('');
		expect(loaded.status).toBe(0);
		expect(loaded.stdout).toMatch(/2 districts loaded into ref_district \(version \d+\)/);
		const now = run(communes);
		expect(now.status).toBe(0);
		expect(now.stdout).toMatch(/1 communes loaded into ref_commune/);
	});
});

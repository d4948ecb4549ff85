// `npm run import:boundaries` as a process (no server, no ClickHouse): reports, exit codes, what it writes and where.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProvinceGeoFile, importedProvinceGeoFile, projectRoot, servedProvinceGeoFile } from '../lib/reference/geo-load.ts';
import { provincePolygonsFromGeoJSON, type GeoJSONFeatureCollection } from '../lib/reference/geo.ts';

const root = projectRoot(import.meta.dirname);
const fixtures = join(root, 'src/lib/reference/fixtures/boundaries');

interface Output {
	type: 'FeatureCollection';
	features: { type: 'Feature'; properties: { code: string; iso: string; nameVi: string; nameEn: string; source: string }; geometry: { type: string; coordinates: unknown[] } }[];
}

function run(args: string[]) {
	const dataDir = mkdtempSync(join(tmpdir(), 'mcc-boundaries-'));
	const result = spawnSync(process.execPath, [join(root, 'src/cli/import-boundaries.ts'), ...args], {
		env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, CITIZEN_ID_SECRET: 'x'.repeat(32) },
		encoding: 'utf8'
	});
	const target = importedProvinceGeoFile(dataDir);
	return {
		status: result.status,
		stdout: result.stdout,
		stderr: result.stderr,
		dataDir,
		written: existsSync(target) ? (JSON.parse(readFileSync(target, 'utf8')) as Output) : null
	};
}
function tempFile(name: string, text: string): string {
	const path = join(mkdtempSync(join(tmpdir(), 'mcc-boundary-file-')), name);
	writeFileSync(path, text);
	return path;
}
const extract = () => JSON.parse(readFileSync(findProvinceGeoFile()!, 'utf8')) as Output;

describe('npm run import:boundaries', () => {
	it('a partial file (HDX style) is refused without --allow-missing: report printed, nothing written', () => {
		const result = run([join(fixtures, 'hdx-style.geojson')]);
		expect(result.status).toBe(1);
		expect(result.stdout).toMatch(/matched: 8 of 63 provinces, from 9 feature\(s\); names read from "ADM1_EN"/);
		expect(result.stdout).toMatch(/unmatched: 1 feature\(s\) name no province[^\n]*\n {2}feature 9: ADM1_EN="Sea area"/);
		expect(result.stdout).toMatch(/disagreements: 1 feature/);
		expect(result.stdout).toMatch(/missing: 55 province\(s\) without a polygon: 04 Cao Bằng/);
		expect(result.stderr).toMatch(/55 province\(s\) have no polygon; nothing was written.*--allow-missing/);
		expect(result.written).toBeNull();
	});

	it('with --allow-missing it writes all 63: the matched from the file, the others from Natural Earth', () => {
		const result = run([join(fixtures, 'hdx-style.geojson'), '--allow-missing']);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/kept from Natural Earth \(--allow-missing\): 55/);
		expect(result.stdout).toMatch(/63 province\(s\) → .*geo\/vn-provinces\.geojson/);
		const out = result.written!;
		expect(out.features.map((f) => f.properties.code)).toEqual(extract().features.map((f) => f.properties.code));
		const imported = out.features.filter((f) => f.properties.source === 'hdx-style.geojson').map((f) => f.properties.code);
		expect(imported).toEqual(['01', '02', '06', '46', '48', '67', '77', '79']);
		expect(out.features.filter((f) => f.properties.source === 'Natural Earth')).toHaveLength(55);
		const daNang = out.features.find((f) => f.properties.code === '48')!;
		expect(daNang.geometry.type).toBe('MultiPolygon'); // the city and Hoàng Sa, merged
		expect(daNang.geometry.coordinates).toHaveLength(2);
		expect(daNang.properties).toMatchObject({ iso: 'VN-DN', nameVi: 'Đà Nẵng', nameEn: 'Da Nang' });
		// Rounded to 4 decimals, as extract-geo rounds.
		expect(JSON.stringify(daNang.geometry.coordinates)).toMatch(/\[108\.16,16\]/);
		// The loader the maps and the reference data use accepts it, and the server now serves it.
		expect(provincePolygonsFromGeoJSON(out as unknown as GeoJSONFeatureCollection).size).toBe(63);
		expect(servedProvinceGeoFile(result.dataDir)).toEqual({ path: importedProvinceGeoFile(result.dataDir), imported: true });
	});

	it('a complete official-style file (names only, prefixed, NFD) imports all 63, geometry as the extract', () => {
		const source = extract();
		const official = {
			type: 'FeatureCollection',
			features: source.features.map((f, i) => ({
				type: 'Feature',
				properties: { OBJECTID: i + 1, Ten_Tinh: `${['31', '48', '92', '01', '79'].includes(f.properties.code) ? 'Thành phố' : 'Tỉnh'} ${f.properties.nameVi}`.normalize('NFD') },
				geometry: f.geometry
			}))
		};
		const result = run([tempFile('official.geojson', JSON.stringify(official))]);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/matched: 63 of 63 provinces, from 63 feature\(s\); names read from "Ten_Tinh"/);
		expect(result.stdout).not.toMatch(/unmatched|missing|merged/);
		expect(result.written!.features.map((f) => [f.properties.code, f.geometry])).toEqual(source.features.map((f) => [f.properties.code, f.geometry]));
		expect(result.written!.features.every((f) => f.properties.source === 'official.geojson')).toBe(true);
	});

	it('--dry-run reports and writes nothing', () => {
		const result = run([join(fixtures, 'gadm-style.geojson'), '--allow-missing', '--dry-run']);
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/names read from "NAME_1"/);
		expect(result.stdout).toMatch(/unmatched: 1 feature\(s\)[^\n]*\n {2}feature 9: NAME_1="Biển Hồ"/);
		expect(result.stdout).toMatch(/merged: 1 province\(s\)[^\n]*\n {2}01 Hà Nội: feature 7 "Hà Nội" \+ feature 10 "Hà Nội"/);
		expect(result.stdout).toMatch(/dry run: 63 province\(s\) would be written/);
		expect(result.written).toBeNull();
	});

	it('refuses files it cannot use, naming what is wrong', () => {
		const notJson = run([tempFile('x.geojson', '{"type": "FeatureCollection", "features": [')]);
		expect(notJson.status).toBe(1);
		expect(notJson.stderr).toMatch(/x\.geojson is not JSON/);

		const kml = run([tempFile('x.kml', '<?xml version="1.0"?><kml></kml>')]);
		expect(kml.stderr).toMatch(/not JSON.*looks like XML.*ogr2ogr/);

		const point = run([join(fixtures, 'point-geometry.geojson')]);
		expect(point.status).toBe(1);
		expect(point.stderr).toMatch(/cannot be imported; nothing was written\.\n {2}feature 1 \(name="Cần Thơ"\): geometry "Point" is not a Polygon or MultiPolygon/);

		const noCollection = run([tempFile('x.geojson', JSON.stringify({ type: 'Feature', properties: {}, geometry: null }))]);
		expect(noCollection.stderr).toMatch(/single GeoJSON Feature, not a FeatureCollection/);

		const nothing = run([tempFile('x.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { label: 'Zone A' }, geometry: { type: 'Polygon', coordinates: [[[106, 16], [106.1, 16], [106.1, 16.1], [106, 16]]] } }] }))]);
		expect(nothing.status).toBe(1);
		expect(nothing.stderr).toMatch(/nothing matched, nothing was written.*label.*--property NAME/);

		for (const result of [notJson, kml, point, noCollection, nothing]) expect(result.written).toBeNull();
	});

	it('usage errors exit 2', () => {
		expect(run([]).status).toBe(2);
		expect(run([join(fixtures, 'gadm-style.geojson'), '--property', 'NOPE']).stderr).toMatch(/no feature has a property "NOPE".*NAME_1/);
		expect(run(['--bogus-flag', 'x']).status).toBe(2);
	});
});

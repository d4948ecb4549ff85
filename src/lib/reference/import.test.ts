import { describe, expect, it } from 'vitest';
import { detectKind, formatOf, normaliseKey, parseCsv, readRecords, validateImport, type ImportContext } from './import.ts';

const context: ImportContext = {
	districts: new Map([
		['001', '01'],
		['760', '79']
	]),
	communes: new Map([
		['00001', '001'],
		['26734', '760']
	]),
	facilities: new Set(['W-NAT', 'W-REG-S', 'W-79', 'W-79-760'])
};

describe('CSV parsing', () => {
	it('quotes, doubled quotes, CRLF, newlines in quotes, BOM, blank lines; records keep their line', () => {
		const { header, records } = parseCsv('\uFEFFa,b\r\n1,"x, ""y"""\r\n\r\n2,"multi\nline"\n3,\n');
		expect(header).toEqual(['a', 'b']);
		expect(records).toEqual([
			{ line: 2, cells: ['1', 'x, "y"'] },
			{ line: 4, cells: ['2', 'multi\nline'] },
			{ line: 6, cells: ['3', ''] }
		]);
	});

	it('keys: camelCase and spaces become snake_case', () => {
		expect(normaliseKey('provinceCode')).toBe('province_code');
		expect(normaliseKey(' Name VI ')).toBe('name_vi');
		expect(normaliseKey('population18')).toBe('population18');
		expect(normaliseKey('qrScanner')).toBe('qr_scanner');
	});

	it('a row with the wrong number of fields is an error on its line', () => {
		expect(readRecords('code,name_vi\n001,A\n002\n', 'csv').errors).toEqual(['line 3: has 1 fields, the header has 2']);
	});

	it('format and kind detection', () => {
		expect(formatOf('x.JSON', '')).toBe('json');
		expect(formatOf('x.csv', '[')).toBe('csv');
		expect(formatOf('x.txt', ' [{}]')).toBe('json');
		expect(detectKind(readRecords('code,province_code,name_vi,population\n', 'csv').records)).toBe(null); // no rows, no columns seen
		expect(detectKind(readRecords('[{"code":"001","provinceCode":"01"}]', 'json').records)).toBe('districts');
		expect(detectKind(readRecords('[{"code":"00001","district_code":"001"}]', 'json').records)).toBe('communes');
		expect(detectKind(readRecords('[{"id":"S-1","kind":"site"}]', 'json').records)).toBe('facilities');
	});
});

describe('districts', () => {
	it('a good file: 18+ estimated when missing, English name derived, capital when no coordinates', () => {
		const result = validateImport(
			'code,province_code,name_vi,name_en,population,population18,lon,lat\n' +
				'001,01,Quận Ba Đình,Ba Dinh District,247100,180000,105.82,21.03\n' +
				'760,79,Quận 1,,142625,,,\n',
			'csv',
			context
		);
		expect(result.ok).toBe(true);
		if (!result.ok || result.kind !== 'districts') throw new Error('expected districts');
		expect(result.items[1]).toEqual({ code: '760', provinceCode: '79', nameVi: 'Quận 1', nameEn: 'Quan 1', population: 142625, population18: 101264, lon: 106.6296, lat: 10.823 });
		expect(result.estimated18).toEqual([false, true]);
	});

	it('lists every bad row with its line and field; nothing is returned to store', () => {
		const result = validateImport(
			'code,province_code,name_vi,population\n' +
				'001,01,Quận Ba Đình,247100\n' +
				'12,01,Bad code,100\n' +
				'003,99,Unknown province,100\n' +
				'004,01,,abc\n' +
				'001,01,Duplicate,5\n',
			'csv',
			context,
			'districts'
		);
		expect(result).toEqual({
			ok: false,
			kind: 'districts',
			errors: [
				'line 3: field code must be a 3-digit code',
				'line 4: field province_code must be a GSO province code of 2021 (99 is unknown)',
				'line 5: field name_vi must be a non-empty text',
				'line 5: field population must be a whole number from 0 to 100000000',
				'line 6: field code must be unique in the file (001 is also on line 2)'
			]
		});
	});

	it('JSON items are counted from 1; numbers are accepted for codes', () => {
		const result = validateImport(
			JSON.stringify([
				{ code: '001', provinceCode: 1, nameVi: 'A', population: 10 },
				{ code: '002', provinceCode: '01', nameVi: 'B', population: -1 },
				{ code: '003', provinceCode: '01', nameVi: 'C', population: 10, population18: 11 }
			]),
			'json',
			context
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual(['item 2: field population must be a whole number from 0 to 100000000', 'item 3: field population18 must not exceed population']);
	});

	it('unknown columns and unreadable files are errors', () => {
		const unknown = validateImport('code,province_code,name_vi,populaton\n001,01,A,1\n', 'csv', context);
		expect(unknown.ok).toBe(false);
		if (unknown.ok) return;
		expect(unknown.errors[0]).toMatch(/^file: column populaton is not a districts column/);
		expect(unknown.errors).toContain('line 2: field population must be given');
		const bad = validateImport('{"a":1}', 'json', context);
		expect(bad).toMatchObject({ ok: false, errors: ['file: must be a JSON array of objects', expect.stringMatching(/give --kind/)] });
		expect(validateImport('[', 'json', context, 'districts')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^file: not valid JSON/)] });
	});
});

describe('communes', () => {
	it('must be in a known district, of the given province', () => {
		const result = validateImport(
			'code,district_code,province_code,name_vi,population\n' + '00004,001,01,Phường Trúc Bạch,9000\n' + '00007,999,01,X,1\n' + '00010,760,01,Y,1\n',
			'csv',
			context
		);
		expect(result).toMatchObject({
			ok: false,
			errors: [
				'line 3: field district_code must be a known district (999 is not in ref_district)',
				"line 4: field province_code must be the district's province (760 is in 79, not 01)"
			]
		});
		const good = validateImport('code,district_code,name_vi,population,population18\n00004,001,Phường Trúc Bạch,9000,7000\n', 'csv', context);
		expect(good).toMatchObject({ ok: true, kind: 'communes', items: [{ code: '00004', districtCode: '001', provinceCode: '01', population18: 7000 }], estimated18: [false] });
	});
});

describe('facilities', () => {
	const header = 'id,kind,level,province_code,district_code,commune_code,name_vi,lon,lat,tables,person_in_charge,staff,emergency_team,internet,computer,printer,qr_scanner,supplier_id\n';
	it('a good site and a store supplied from the file', () => {
		const result = validateImport(
			header +
				'W-79-760B,store,district,79,760,26734,Kho Quận 1,106.70,10.77,0,DS. Lê Văn A,5,0,có,1,yes,không,W-79\n' +
				'S-79-99999,site,site,79,760,26734,Trạm Y tế Phường Bến Nghé,106.70,10.78,3,BS. Trần Thị B,12,3,true,true,false,false,W-79-760B\n',
			'csv',
			context
		);
		expect(result).toMatchObject({ ok: true, kind: 'facilities' });
		if (!result.ok || result.kind !== 'facilities') return;
		expect(result.items[0].readiness).toEqual({ internet: true, computer: true, printer: true, qrScanner: false });
		expect(result.items[1]).toMatchObject({ id: 'S-79-99999', supplierId: 'W-79-760B', tables: 3, nameEn: 'Tram Y te Phuong Ben Nghe' });
	});

	it('reports each inconsistency', () => {
		const result = validateImport(
			header +
				'S-1,site,district,79,760,,A,106.7,10.8,2,,5,2,1,1,1,1,W-79-760\n' +
				'S-2,site,site,79,001,,B,106.7,10.8,2,,5,2,1,1,1,1,W-79-760\n' +
				'S-3,site,site,79,760,00001,C,106.7,10.8,0,,5,2,1,1,1,1,W-NOPE\n' +
				'S-4,site,site,79,760,,D,200,10.8,2,,5,2,maybe,1,1,1,W-79-760\n' +
				'W-NAT2,store,national,01,,,E,105.8,21,0,,5,0,1,1,1,1,W-NAT\n',
			'csv',
			context
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual([
			'line 2: field level must be site for a site and a store level (district, provincial, regional, national) for a store',
			"line 3: field district_code must be in the facility's province (001 is in 01, not 79)",
			"line 4: field commune_code must be in the facility's district (00001 is in 001, not 760)",
			'line 4: field tables must be at least 1 for a site',
			'line 4: field supplier_id must be a known store (W-NOPE is neither in the file nor in ref_facility)',
			'line 5: field lon must be a longitude in degrees from 102 to 118 (WGS84, decimal)',
			'line 5: field internet must be true or false (or 1/0, yes/no, có/không)',
			'line 6: field supplier_id must be empty for the national store'
		]);
	});
});

// Validation of a deployment's official reference lists (districts, communes or facilities) before they replace the
// generated ones: CSV with a header row, or a JSON array of objects. Pure: the caller passes the file's text and
// what the database already holds (ImportContext); every bad row is reported ("line 7: field population must be a
// whole number from 0 to 100000000"), all of them, and nothing is to be written unless there are none.
//
// Columns (CSV header or JSON keys; snake_case as below, camelCase accepted; optional ones may be left empty):
//   districts:  code (3 digits), province_code, name_vi, [name_en], population, [population18], [lon, lat]
//   communes:   code (5 digits), district_code, [province_code], name_vi, [name_en], population, [population18]
//   facilities: id, kind (site|store), level (site|district|provincial|regional|national), province_code,
//               district_code (empty for national/regional stores), [commune_code], name_vi, [name_en], lon, lat,
//               [tables], [person_in_charge], [staff], [emergency_team], [internet], [computer], [printer],
//               [qr_scanner] (true/false, 1/0, yes/no, có/không; empty = false), supplier_id (empty for national)
// Missing population18 is estimated as round(population × ADULT_SHARE_ESTIMATE) and flagged as an estimate; a
// district without lon/lat gets its province capital's; a missing English name is the Vietnamese one without marks.
import { z } from 'zod';
import type { Commune, District, Facility, FacilityLevel } from './types.ts';
import { PROVINCE_BY_CODE } from './provinces.ts';
import { ADULT_SHARE_ESTIMATE, asciiName } from './build.ts';

export const IMPORT_KINDS = ['districts', 'communes', 'facilities'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportFormat = 'csv' | 'json';

/** What the database holds already: imported rows must refer to known units and suppliers. */
export interface ImportContext {
	/** district code → province code */
	districts: ReadonlyMap<string, string>;
	/** commune code → district code */
	communes: ReadonlyMap<string, string>;
	/** facility ids */
	facilities: ReadonlySet<string>;
}

export type ImportResult =
	| { ok: true; kind: 'districts'; items: District[]; estimated18: boolean[] }
	| { ok: true; kind: 'communes'; items: Commune[]; estimated18: boolean[] }
	| { ok: true; kind: 'facilities'; items: Facility[] }
	| { ok: false; kind: ImportKind | null; errors: string[] };

export interface RawRecord {
	/** "line 7" (CSV, the header is line 1) or "item 3" (JSON, counted from 1). */
	where: string;
	values: Record<string, unknown>;
}

// --- parsing ---------------------------------------------------------------------------------------------------------

/** RFC 4180 CSV: quotes, doubled quotes, CRLF, newlines inside quotes, a leading BOM. Records keep their line. */
export function parseCsv(text: string): { header: string[]; records: { line: number; cells: string[] }[] } {
	const src = text.replace(/^\uFEFF/, '');
	const rows: { line: number; cells: string[] }[] = [];
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let line = 1;
	let start = 1;
	let fieldStarted = false;
	for (let i = 0; i < src.length; i++) {
		const ch = src[i];
		if (quoted) {
			if (ch === '"') {
				if (src[i + 1] === '"') {
					cell += '"';
					i++;
				} else quoted = false;
			} else {
				if (ch === '\n') line++;
				cell += ch;
			}
			continue;
		}
		if (ch === '"' && !fieldStarted) {
			quoted = true;
			fieldStarted = true;
		} else if (ch === ',') {
			cells.push(cell);
			cell = '';
			fieldStarted = false;
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && src[i + 1] === '\n') i++;
			cells.push(cell);
			if (cells.length > 1 || cells[0] !== '') rows.push({ line: start, cells });
			cells = [];
			cell = '';
			fieldStarted = false;
			start = ++line;
		} else {
			cell += ch;
			fieldStarted = true;
		}
	}
	cells.push(cell);
	if (cells.length > 1 || cells[0] !== '') rows.push({ line: start, cells });
	const [head, ...records] = rows;
	return { header: head?.cells ?? [], records };
}

/** `provinceCode`, `Province Code`, `province-code` → `province_code`. */
export function normaliseKey(key: string): string {
	return key
		.trim()
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.replace(/[\s-]+/g, '_')
		.toLowerCase();
}

/** The records of a file, or file-level errors. */
export function readRecords(text: string, format: ImportFormat): { records: RawRecord[]; errors: string[] } {
	if (format === 'json') {
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch (error) {
			return { records: [], errors: [`file: not valid JSON (${(error as Error).message})`] };
		}
		if (!Array.isArray(data)) return { records: [], errors: ['file: must be a JSON array of objects'] };
		const records: RawRecord[] = [];
		const errors: string[] = [];
		data.forEach((item, i) => {
			if (item === null || typeof item !== 'object' || Array.isArray(item)) errors.push(`item ${i + 1}: must be an object`);
			else records.push({ where: `item ${i + 1}`, values: Object.fromEntries(Object.entries(item).map(([k, v]) => [normaliseKey(k), v])) });
		});
		return { records, errors };
	}
	const { header, records } = parseCsv(text);
	if (header.length === 0) return { records: [], errors: ['file: empty (a header row is expected)'] };
	const keys = header.map(normaliseKey);
	const errors: string[] = [];
	const seen = new Set<string>();
	for (const k of keys) {
		if (k === '') errors.push('line 1: a column has no name');
		else if (seen.has(k)) errors.push(`line 1: column ${k} appears twice`);
		seen.add(k);
	}
	const out: RawRecord[] = [];
	for (const r of records) {
		if (r.cells.length !== keys.length) {
			errors.push(`line ${r.line}: has ${r.cells.length} fields, the header has ${keys.length}`);
			continue;
		}
		out.push({ where: `line ${r.line}`, values: Object.fromEntries(keys.map((k, i) => [k, r.cells[i]])) });
	}
	return { records: out, errors };
}

/** The kind a file holds, from its columns: `id` → facilities, `district_code` → communes, `province_code` → districts. */
export function detectKind(records: RawRecord[]): ImportKind | null {
	const keys = new Set(records.flatMap((r) => Object.keys(r.values)));
	if (keys.has('id') && keys.has('kind')) return 'facilities';
	if (keys.has('code') && keys.has('district_code')) return 'communes';
	if (keys.has('code') && keys.has('province_code')) return 'districts';
	return null;
}

// --- fields ----------------------------------------------------------------------------------------------------------

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const toNumber = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v);

function text(what = 'a non-empty text', max = 300) {
	return z.preprocess(trimmed, z.string({ error: (i) => (i.input === undefined ? 'must be given' : `must be ${what}`) }).min(1, { error: `must be ${what}` }).max(max, { error: `must be at most ${max} characters` }));
}
const optionalText = (max = 300) => z.preprocess((v) => (blank(v) ? '' : trimmed(v)), z.string({ error: 'must be text' }).max(max, { error: `must be at most ${max} characters` }));
const code = (digits: number) =>
	z.preprocess(
		(v) => (typeof v === 'number' ? String(v).padStart(digits, '0') : trimmed(v)),
		z.string({ error: (i) => (i.input === undefined ? 'must be given' : `must be a ${digits}-digit code`) }).regex(new RegExp(`^\\d{${digits}}$`), { error: `must be a ${digits}-digit code` })
	);
const optionalCode = (digits: number) =>
	z.preprocess((v) => (blank(v) ? '' : typeof v === 'number' ? String(v).padStart(digits, '0') : trimmed(v)), z.string().regex(new RegExp(`^(\\d{${digits}})?$`), { error: `must be a ${digits}-digit code or empty` }));
function whole(min: number, max: number) {
	const msg = `must be a whole number from ${min} to ${max}`;
	return z.preprocess(toNumber, z.number({ error: (i) => (i.input === undefined ? 'must be given' : msg) }).int({ error: msg }).min(min, { error: msg }).max(max, { error: msg }));
}
const optionalWhole = (min: number, max: number) => z.preprocess((v) => (blank(v) ? undefined : v), whole(min, max).optional());
function degrees(min: number, max: number, what: string) {
	const msg = `must be a ${what} in degrees from ${min} to ${max} (WGS84, decimal)`;
	return z.preprocess(toNumber, z.number({ error: (i) => (i.input === undefined ? 'must be given' : msg) }).min(min, { error: msg }).max(max, { error: msg }));
}
const optionalDegrees = (min: number, max: number, what: string) => z.preprocess((v) => (blank(v) ? undefined : v), degrees(min, max, what).optional());
const TRUE = new Set(['true', '1', 'yes', 'y', 'có', 'co', 'x']);
const FALSE = new Set(['false', '0', 'no', 'n', 'không', 'khong', '']);
const flag = z.preprocess(
	(v) => {
		if (v === undefined || v === null) return false;
		if (typeof v === 'boolean') return v;
		const s = String(v).trim().toLowerCase();
		return TRUE.has(s) ? true : FALSE.has(s) ? false : v;
	},
	z.boolean({ error: 'must be true or false (or 1/0, yes/no, có/không)' })
);
const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
	z.preprocess(trimmed, z.enum(values, { error: (i) => (i.input === undefined ? 'must be given' : `must be one of ${values.join(', ')}`) }));

// Viet Nam incl. its islands, with a margin.
const LON = [102, 118] as const;
const LAT = [6, 24] as const;
const MAX_POPULATION = 100_000_000;

const districtSchema = z.object({
	code: code(3),
	province_code: code(2),
	name_vi: text(),
	name_en: optionalText(),
	population: whole(0, MAX_POPULATION),
	population18: optionalWhole(0, MAX_POPULATION),
	lon: optionalDegrees(LON[0], LON[1], 'longitude'),
	lat: optionalDegrees(LAT[0], LAT[1], 'latitude')
});
const communeSchema = z.object({
	code: code(5),
	district_code: code(3),
	province_code: optionalCode(2),
	name_vi: text(),
	name_en: optionalText(),
	population: whole(0, MAX_POPULATION),
	population18: optionalWhole(0, MAX_POPULATION)
});
const LEVELS = ['site', 'district', 'provincial', 'regional', 'national'] as const satisfies readonly FacilityLevel[];
const facilitySchema = z.object({
	id: z.preprocess(trimmed, z.string({ error: (i) => (i.input === undefined ? 'must be given' : 'must be an id of letters, digits and dashes') }).regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'must be an id of letters, digits and dashes (at most 64)' })),
	kind: oneOf(['site', 'store']),
	level: oneOf(LEVELS),
	province_code: code(2),
	district_code: optionalCode(3),
	commune_code: optionalCode(5),
	name_vi: text(),
	name_en: optionalText(),
	lon: degrees(LON[0], LON[1], 'longitude'),
	lat: degrees(LAT[0], LAT[1], 'latitude'),
	tables: optionalWhole(0, 100),
	person_in_charge: optionalText(),
	staff: optionalWhole(0, 10_000),
	emergency_team: optionalWhole(0, 1_000),
	internet: flag,
	computer: flag,
	printer: flag,
	qr_scanner: flag,
	supplier_id: optionalText(64)
});

const SCHEMAS = { districts: districtSchema, communes: communeSchema, facilities: facilitySchema } as const;

// --- validation ------------------------------------------------------------------------------------------------------

function fieldErrors(where: string, error: z.ZodError): string[] {
	return error.issues.map((issue) => {
		const field = issue.path.join('.');
		return field ? `${where}: field ${field} ${issue.message}` : `${where}: ${issue.message}`;
	});
}

const adults = (population: number) => Math.round(population * ADULT_SHARE_ESTIMATE);

/**
 * Validates a whole file. `kind` may be given (the CLI's --kind) or is detected from the columns. Returns the
 * items ready to store, or every error found (file-level ones first, then row by row).
 */
export function validateImport(text: string, format: ImportFormat, context: ImportContext, kind?: ImportKind): ImportResult {
	const { records, errors } = readRecords(text, format);
	const detected = kind ?? detectKind(records);
	if (!detected) {
		return { ok: false, kind: null, errors: [...errors, 'file: cannot tell districts, communes or facilities apart from the columns: give --kind'] };
	}
	if (records.length === 0 && errors.length === 0) errors.push('file: no rows');
	const schema = SCHEMAS[detected];
	const known = new Set(Object.keys(schema.shape));
	const unknownColumns = [...new Set(records.flatMap((r) => Object.keys(r.values)))].filter((k) => !known.has(k));
	for (const column of unknownColumns) errors.push(`file: column ${column} is not a ${detected} column (known: ${[...known].join(', ')})`);

	const seen = new Map<string, string>();
	const fileFacilityIds = detected === 'facilities' ? new Set(records.map((r) => String(r.values.id ?? '').trim())) : new Set<string>();
	const items: (District | Commune | Facility)[] = [];
	const estimated18: boolean[] = [];

	for (const record of records) {
		const parsed = schema.safeParse(Object.fromEntries(Object.entries(record.values).filter(([k]) => known.has(k))));
		if (!parsed.success) {
			errors.push(...fieldErrors(record.where, parsed.error));
			continue;
		}
		const at = record.where;
		const rowErrors: string[] = [];
		const key = 'id' in parsed.data ? parsed.data.id : parsed.data.code;
		const keyField = 'id' in parsed.data ? 'id' : 'code';
		if (seen.has(key)) rowErrors.push(`${at}: field ${keyField} must be unique in the file (${key} is also on ${seen.get(key)})`);
		else seen.set(key, at);

		if (detected === 'districts') {
			const d = parsed.data as z.infer<typeof districtSchema>;
			const province = PROVINCE_BY_CODE.get(d.province_code);
			if (!province) rowErrors.push(`${at}: field province_code must be a GSO province code of 2021 (${d.province_code} is unknown)`);
			if (d.population18 !== undefined && d.population18 > d.population) rowErrors.push(`${at}: field population18 must not exceed population`);
			if ((d.lon === undefined) !== (d.lat === undefined)) rowErrors.push(`${at}: field ${d.lon === undefined ? 'lon' : 'lat'} must be given with ${d.lon === undefined ? 'lat' : 'lon'}`);
			if (rowErrors.length === 0 && province) {
				items.push({
					code: d.code,
					provinceCode: d.province_code,
					nameVi: d.name_vi,
					nameEn: d.name_en || asciiName(d.name_vi),
					population: d.population,
					population18: d.population18 ?? adults(d.population),
					lon: d.lon ?? province.capital[0],
					lat: d.lat ?? province.capital[1]
				} satisfies District);
				estimated18.push(d.population18 === undefined);
			}
		} else if (detected === 'communes') {
			const c = parsed.data as z.infer<typeof communeSchema>;
			const province = context.districts.get(c.district_code);
			if (province === undefined) rowErrors.push(`${at}: field district_code must be a known district (${c.district_code} is not in ref_district)`);
			else if (c.province_code && c.province_code !== province)
				rowErrors.push(`${at}: field province_code must be the district's province (${c.district_code} is in ${province}, not ${c.province_code})`);
			if (c.population18 !== undefined && c.population18 > c.population) rowErrors.push(`${at}: field population18 must not exceed population`);
			if (rowErrors.length === 0 && province !== undefined) {
				items.push({
					code: c.code,
					districtCode: c.district_code,
					provinceCode: province,
					nameVi: c.name_vi,
					nameEn: c.name_en || asciiName(c.name_vi),
					population: c.population,
					population18: c.population18 ?? adults(c.population)
				} satisfies Commune);
				estimated18.push(c.population18 === undefined);
			}
		} else {
			const f = parsed.data as z.infer<typeof facilitySchema>;
			if (!PROVINCE_BY_CODE.has(f.province_code)) rowErrors.push(`${at}: field province_code must be a GSO province code of 2021 (${f.province_code} is unknown)`);
			if ((f.kind === 'site') !== (f.level === 'site')) rowErrors.push(`${at}: field level must be site for a site and a store level (district, provincial, regional, national) for a store`);
			const national = f.level === 'national';
			const aboveProvince = national || f.level === 'regional';
			if (aboveProvince) {
				if (f.district_code) rowErrors.push(`${at}: field district_code must be empty for a ${f.level} store`);
			} else if (!f.district_code) rowErrors.push(`${at}: field district_code must be given for a ${f.level === 'site' ? 'site' : `${f.level} store`}`);
			else {
				const province = context.districts.get(f.district_code);
				if (province === undefined) rowErrors.push(`${at}: field district_code must be a known district (${f.district_code} is not in ref_district)`);
				else if (province !== f.province_code)
					rowErrors.push(`${at}: field district_code must be in the facility's province (${f.district_code} is in ${province}, not ${f.province_code})`);
			}
			if (f.commune_code) {
				const district = context.communes.get(f.commune_code);
				if (district === undefined) rowErrors.push(`${at}: field commune_code must be a known commune (${f.commune_code} is not in ref_commune)`);
				else if (district !== f.district_code)
					rowErrors.push(`${at}: field commune_code must be in the facility's district (${f.commune_code} is in ${district}, not ${f.district_code || 'none'})`);
			}
			if (f.kind === 'site' && (f.tables ?? 0) < 1) rowErrors.push(`${at}: field tables must be at least 1 for a site`);
			if (national) {
				if (f.supplier_id) rowErrors.push(`${at}: field supplier_id must be empty for the national store`);
			} else if (!f.supplier_id) rowErrors.push(`${at}: field supplier_id must be given (the store it receives vaccine from)`);
			else if (f.supplier_id === f.id) rowErrors.push(`${at}: field supplier_id must not be the facility itself`);
			else if (!fileFacilityIds.has(f.supplier_id) && !context.facilities.has(f.supplier_id))
				rowErrors.push(`${at}: field supplier_id must be a known store (${f.supplier_id} is neither in the file nor in ref_facility)`);
			if (rowErrors.length === 0) {
				items.push({
					id: f.id,
					kind: f.kind,
					level: f.level,
					provinceCode: f.province_code,
					districtCode: f.district_code,
					communeCode: f.commune_code,
					nameVi: f.name_vi,
					nameEn: f.name_en || asciiName(f.name_vi),
					lon: f.lon,
					lat: f.lat,
					tables: f.tables ?? 0,
					personInCharge: f.person_in_charge,
					staff: f.staff ?? 0,
					emergencyTeam: f.emergency_team ?? 0,
					readiness: { internet: f.internet, computer: f.computer, printer: f.printer, qrScanner: f.qr_scanner },
					supplierId: f.supplier_id
				} satisfies Facility);
			}
		}
		errors.push(...rowErrors);
	}

	if (errors.length > 0) return { ok: false, kind: detected, errors };
	if (detected === 'facilities') return { ok: true, kind: detected, items: items as Facility[] };
	if (detected === 'districts') return { ok: true, kind: detected, items: items as District[], estimated18 };
	return { ok: true, kind: detected, items: items as Commune[], estimated18 };
}

/** The format of a file, from its name (.json / .csv), else from its first character. */
export function formatOf(fileName: string, text: string): ImportFormat {
	if (/\.json$/i.test(fileName)) return 'json';
	if (/\.csv$/i.test(fileName)) return 'csv';
	return text.trimStart().startsWith('[') ? 'json' : 'csv';
}

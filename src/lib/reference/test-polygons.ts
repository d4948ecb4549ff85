// Province polygons for tests: the extract (static/geo/, written by src/cli/extract-geo.ts, which vitest's global
// setup runs when it is missing), else the same extract in ../shared/geo/ (test-only copy).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findProvinceGeoFile, loadProvincePolygons, projectRoot } from './geo-load.ts';
import type { ProvincePolygons } from './geo.ts';

let cached: ProvincePolygons | null = null;

export function testPolygons(): ProvincePolygons {
	if (cached) return cached;
	const shared = join(projectRoot(), '../shared/geo/ne-vn-admin1.geojson');
	const path = findProvinceGeoFile() ?? (existsSync(shared) ? shared : null);
	if (!path) throw new Error('no province polygons: run `node src/cli/extract-geo.ts`');
	return (cached = loadProvincePolygons(path));
}

// Made-up numbers for /dev/maps, to look at the map components: not campaign data. Deterministic for a seed, so
// screenshots of the page can be compared.
import { stream, type Random } from '#lib/simulator/random.ts';
import { PROVINCES } from '#lib/reference/provinces.ts';
import { pointInShape, type ProvincePolygons } from '#lib/reference/geo.ts';
import type { MapSite } from '#lib/map/layers.ts';
import type { StockStatus } from '#lib/map/colour.ts';

// The summer hot spots of 2021 (TP HCM, Bình Dương, Đồng Nai, Long An, Hà Nội) ahead; two provinces not reporting.
const AHEAD = new Set(['79', '74', '75', '80', '01']);
const NOT_REPORTING = new Set(['11', '62']);

/** Share of adults with at least one dose, per province. */
export function demoCoverage(seed = 7): Record<string, number | null> {
	const random = stream(seed, 'coverage');
	return Object.fromEntries(
		PROVINCES.map((p) => {
			const share = AHEAD.has(p.code) ? 0.85 + 0.12 * random() : 0.18 + 0.6 * random();
			return [p.code, NOT_REPORTING.has(p.code) ? null : share];
		})
	);
}

function pick<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
	const total = items.reduce((sum, item) => sum + weight(item), 0);
	let at = random() * total;
	for (const item of items) if ((at -= weight(item)) < 0) return item;
	return items[items.length - 1];
}

/** `count` sites inside their province's polygon, provinces drawn in proportion to population. */
export function demoSites(polygons: ProvincePolygons, count = 450, seed = 7): MapSite[] {
	const random = stream(seed, 'sites');
	return Array.from({ length: count }, (_, i) => {
		const province = pick(random, PROVINCES, (p) => p.population2019);
		const shape = polygons.get(province.code)!;
		let lon: number;
		let lat: number;
		do {
			lon = shape.bbox.minLon + random() * (shape.bbox.maxLon - shape.bbox.minLon);
			lat = shape.bbox.minLat + random() * (shape.bbox.maxLat - shape.bbox.minLat);
		} while (!pointInShape(lon, lat, shape));
		const r = random();
		const stock: StockStatus = r < 0.78 ? 'ok' : r < 0.9 ? 'low' : r < 0.95 ? 'out' : 'unknown';
		return { id: `S-${province.code}-${String(i + 1).padStart(5, '0')}`, lon, lat, dosesToday: Math.round(500 * random() ** 2), stock };
	});
}

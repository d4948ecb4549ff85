import { describe, expect, it } from 'vitest';
import { offlineStyle, VIET_NAM_BOUNDS } from './style.ts';
import { ARCHIPELAGOS } from '../reference/archipelagos.ts';
import { PROVINCES } from '../reference/provinces.ts';

describe('offline base map style', () => {
	const style = offlineStyle({ provincesUrl: 'http://mcc.test/geo/vn-provinces.geojson', neighboursUrl: 'http://mcc.test/geo/neighbours.geojson' });

	it('loads nothing but the two GeoJSON files it is given: no tiles, glyphs or sprite', () => {
		expect(style.glyphs).toBeUndefined();
		expect(style.sprite).toBeUndefined();
		expect(Object.values(style.sources).map((s) => [s.type, 'data' in s ? s.data : null])).toEqual([
			['geojson', 'http://mcc.test/geo/neighbours.geojson'],
			['geojson', 'http://mcc.test/geo/vn-provinces.geojson']
		]);
		expect(style.layers.some((l) => l.type === 'symbol')).toBe(false); // a symbol layer would need glyphs
	});

	it('draws sea, neighbours, then Viet Nam on top', () => {
		expect(style.layers.map((l) => l.id)).toEqual(['sea', 'neighbours', 'neighbour-borders', 'viet-nam', 'province-borders']);
	});

	it('frames every province capital and both archipelagos', () => {
		const [[west, south], [east, north]] = VIET_NAM_BOUNDS;
		const points = [...PROVINCES.map((p) => p.capital), ...ARCHIPELAGOS.flatMap((a) => a.islands.map((i) => [i.lon, i.lat]))];
		for (const [lon, lat] of points) {
			expect(lon).toBeGreaterThan(west);
			expect(lon).toBeLessThan(east);
			expect(lat).toBeGreaterThan(south);
			expect(lat).toBeLessThan(north);
		}
	});
});

// The base map that needs no internet: no tile server, no glyphs, no sprite — only two GeoJSON files the app
// serves itself (written by src/cli/extract-geo.ts into static/geo/). Labels are drawn by deck.gl, not maplibre.
import type { StyleSpecification } from 'maplibre-gl';
import { BACKGROUND } from './colour.ts';

/** Served by src/routes/geo/provinces.geojson: imported official boundaries if any, else the Natural Earth extract. */
export const PROVINCES_PATH = '/geo/provinces.geojson';
export const NEIGHBOURS_PATH = '/geo/neighbours.geojson';

/** Viet Nam with Hoàng Sa and Trường Sa, [[west, south], [east, north]]. */
export const VIET_NAM_BOUNDS: [[number, number], [number, number]] = [
	[102.1, 7.4],
	[116, 23.4]
];

const NATURAL_EARTH = 'Natural Earth';

/** A maplibre style from the province and neighbour GeoJSON at these (absolute) URLs. */
export function offlineStyle({ provincesUrl, neighboursUrl }: { provincesUrl: string; neighboursUrl: string }): StyleSpecification {
	return {
		version: 8,
		name: 'MCC offline',
		sources: {
			neighbours: { type: 'geojson', data: neighboursUrl, attribution: NATURAL_EARTH },
			provinces: { type: 'geojson', data: provincesUrl, attribution: NATURAL_EARTH }
		},
		layers: [
			{ id: 'sea', type: 'background', paint: { 'background-color': BACKGROUND } },
			{ id: 'neighbours', type: 'fill', source: 'neighbours', paint: { 'fill-color': '#161e2e' } },
			{ id: 'neighbour-borders', type: 'line', source: 'neighbours', paint: { 'line-color': '#2c3850', 'line-width': 0.8 } },
			{ id: 'viet-nam', type: 'fill', source: 'provinces', paint: { 'fill-color': '#24304a' } },
			{ id: 'province-borders', type: 'line', source: 'provinces', paint: { 'line-color': '#3d4d6d', 'line-width': 0.6 } }
		]
	};
}

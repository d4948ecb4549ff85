// Plane geometry on WGS84 lon/lat for province polygons: point-in-polygon (ray casting, holes, MultiPolygon),
// bounding boxes, and reading the 63 province polygons out of a GeoJSON FeatureCollection. Pure: no I/O
// (the file loader is ./geo-load.ts), so the browser and the simulator can use it too.
import { PROVINCES } from './provinces.ts';

/** A closed ring of [lon, lat] positions (GeoJSON: first = last; an open ring works as well). */
export type Ring = ReadonlyArray<readonly [number, number] | readonly number[]>;
/** Outer ring first, then holes (GeoJSON Polygon coordinates). */
export type PolygonCoords = readonly Ring[];
/** GeoJSON MultiPolygon coordinates. */
export type MultiPolygonCoords = readonly PolygonCoords[];

export interface BBox {
	minLon: number;
	minLat: number;
	maxLon: number;
	maxLat: number;
}

export interface ProvinceShape {
	/** GSO province code (2021). */
	code: string;
	polygons: MultiPolygonCoords;
	bbox: BBox;
}

/** The 63 province shapes by GSO code. */
export type ProvincePolygons = ReadonlyMap<string, ProvinceShape>;

/** Ray casting (even-odd rule) against one ring. Points exactly on an edge may land on either side. */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
	let inside = false;
	const n = ring.length;
	for (let i = 0, j = n - 1; i < n; j = i++) {
		const xi = ring[i][0],
			yi = ring[i][1];
		const xj = ring[j][0],
			yj = ring[j][1];
		if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(lon: number, lat: number, polygon: PolygonCoords): boolean {
	if (polygon.length === 0 || !pointInRing(lon, lat, polygon[0])) return false;
	for (let h = 1; h < polygon.length; h++) if (pointInRing(lon, lat, polygon[h])) return false;
	return true;
}

export function pointInMultiPolygon(lon: number, lat: number, polygons: MultiPolygonCoords): boolean {
	for (const polygon of polygons) if (pointInPolygon(lon, lat, polygon)) return true;
	return false;
}

export function bboxOf(polygons: MultiPolygonCoords): BBox {
	const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
	for (const polygon of polygons)
		for (const [lon, lat] of polygon[0] ?? []) {
			if (lon < box.minLon) box.minLon = lon;
			if (lon > box.maxLon) box.maxLon = lon;
			if (lat < box.minLat) box.minLat = lat;
			if (lat > box.maxLat) box.maxLat = lat;
		}
	return box;
}

export function pointInShape(lon: number, lat: number, shape: ProvinceShape): boolean {
	const b = shape.bbox;
	if (lon < b.minLon || lon > b.maxLon || lat < b.minLat || lat > b.maxLat) return false;
	return pointInMultiPolygon(lon, lat, shape.polygons);
}

/** Approximate area in square degrees (shoelace; outer rings minus holes). Only for relative sizes. */
export function areaDeg2(polygons: MultiPolygonCoords): number {
	let total = 0;
	for (const polygon of polygons)
		polygon.forEach((ring, i) => {
			let a = 0;
			for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) a += (ring[j][0] - ring[k][0]) * (ring[j][1] + ring[k][1]);
			total += (i === 0 ? 1 : -1) * Math.abs(a / 2);
		});
	return total;
}

export interface GeoJSONFeature {
	type: 'Feature';
	properties: Record<string, unknown> | null;
	geometry: { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: MultiPolygonCoords } | { type: string; coordinates?: unknown } | null;
}
export interface GeoJSONFeatureCollection {
	type: 'FeatureCollection';
	features: GeoJSONFeature[];
}

const CODE_BY_ISO = new Map(PROVINCES.map((p) => [p.iso, p.code]));

/**
 * The 63 province shapes of a FeatureCollection, matched on the ISO 3166-2 code (property `iso`, as written by
 * src/cli/extract-geo.ts, or `iso_3166_2`, as in Natural Earth) — never on a name: Natural Earth misnames three.
 * Throws unless every one of the 63 provinces is found exactly once.
 */
export function provincePolygonsFromGeoJSON(collection: GeoJSONFeatureCollection): ProvincePolygons {
	const shapes = new Map<string, ProvinceShape>();
	for (const feature of collection.features) {
		const iso = String(feature.properties?.iso ?? feature.properties?.iso_3166_2 ?? '');
		const code = CODE_BY_ISO.get(iso);
		if (!code || !feature.geometry) continue;
		let polygons: MultiPolygonCoords;
		if (feature.geometry.type === 'Polygon') polygons = [feature.geometry.coordinates as PolygonCoords];
		else if (feature.geometry.type === 'MultiPolygon') polygons = feature.geometry.coordinates as MultiPolygonCoords;
		else throw new Error(`province ${iso}: geometry ${feature.geometry.type} is not a (Multi)Polygon`);
		if (shapes.has(code)) throw new Error(`province ${iso} appears twice`);
		shapes.set(code, { code, polygons, bbox: bboxOf(polygons) });
	}
	const missing = PROVINCES.filter((p) => !shapes.has(p.code)).map((p) => `${p.iso} (${p.code} ${p.nameVi})`);
	if (missing.length > 0) throw new Error(`province polygons missing for ${missing.length} of 63: ${missing.join(', ')}`);
	return shapes;
}

// deck.gl layers of the geographic map, as pure functions of data: the same inputs give the same layer (stable ids,
// so deck.gl diffs rather than rebuilds), and nothing here fetches or touches the DOM. GeoMap.svelte draws them.
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { PickingInfo } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { ARCHIPELAGOS } from '../reference/archipelagos.ts';
import { PROVINCE_BY_CODE } from '../reference/provinces.ts';
import type { Lang } from '../format.ts';
import { BACKGROUND, STOCK_STATUS_COLOURS, densityRange, extentOf, sequentialColour, toRGBA, type StockStatus } from './colour.ts';

/** Properties of a feature of static/geo/vn-provinces.geojson (written by src/cli/extract-geo.ts). */
export interface ProvinceProperties {
	code: string;
	iso: string;
	nameVi: string;
	nameEn: string;
}
export type ProvinceFeature = Feature<Polygon | MultiPolygon, ProvinceProperties>;

/** A value per GSO province code; null or missing: no data. */
export type ProvinceValues = Readonly<Record<string, number | null>>;

export interface MapSite {
	id: string;
	lon: number;
	lat: number;
	dosesToday: number;
	stock: StockStatus;
}

/** Labels drawn by deck.gl (its own font atlas: no font server, so it works offline), in the page's typeface. */
export const MAP_FONT = "Inter, 'Segoe UI', 'DejaVu Sans', sans-serif";

const BORDER = toRGBA('#0a0f1a', 200);
const HIGHLIGHT = toRGBA('#ffffff');

export interface ChoroplethOptions {
	/** Values mapped to the ends of the colour scale; by default the extent of `values`. */
	domain?: readonly [number, number];
	/** A province to outline (GSO code). */
	highlight?: string;
	onselect?: (code: string) => void;
}

/** The provinces filled by value (sequential, colour-blind-safe scale), the highlighted one outlined in white. */
export function provincePolygonLayer(features: readonly ProvinceFeature[], values: ProvinceValues, { domain, highlight, onselect }: ChoroplethOptions = {}) {
	const colour = sequentialColour(domain ?? extentOf(Object.values(values)));
	return new GeoJsonLayer<ProvinceProperties>({
		id: 'province-choropleth',
		data: features as ProvinceFeature[],
		filled: true,
		stroked: true,
		getFillColor: (f) => toRGBA(colour(values[f.properties.code])),
		getLineColor: (f) => (f.properties.code === highlight ? HIGHLIGHT : BORDER),
		getLineWidth: (f) => (f.properties.code === highlight ? 3 : 1),
		lineWidthUnits: 'pixels',
		pickable: onselect !== undefined,
		onClick: onselect && ((info: PickingInfo<ProvinceFeature>) => info.object && onselect(info.object.properties.code)),
		// deck.gl re-runs an accessor only when its trigger changes: pass a new `values` object for new numbers.
		updateTriggers: { getFillColor: [values, domain?.[0], domain?.[1]], getLineColor: highlight, getLineWidth: highlight }
	});
}

const SITE_RADIUS_MIN = 2;
const SITE_RADIUS_MAX = 8;

/** Radius in pixels of a site's dot: its area grows with today's doses, so a site with none still shows. */
export function siteRadius(dosesToday: number, maxDoses: number): number {
	const share = maxDoses > 0 ? Math.min(1, Math.max(0, dosesToday) / maxDoses) : 0;
	return SITE_RADIUS_MIN + (SITE_RADIUS_MAX - SITE_RADIUS_MIN) * Math.sqrt(share);
}

// Drawing order: a site with a stock problem is drawn over the sites without one, never hidden by them.
const STOCK_DRAW_ORDER: Record<StockStatus, number> = { ok: 0, unknown: 1, low: 2, out: 3 };

/** Vaccination sites: area by doses today, colour by stock status; out of stock also ringed in white and on top. */
export function siteLayer(sites: readonly MapSite[], { maxDoses }: { maxDoses?: number } = {}) {
	const max = maxDoses ?? Math.max(1, ...sites.map((s) => s.dosesToday));
	return new ScatterplotLayer<MapSite>({
		id: 'sites',
		data: sites.toSorted((a, b) => STOCK_DRAW_ORDER[a.stock] - STOCK_DRAW_ORDER[b.stock]),
		getPosition: (s) => [s.lon, s.lat],
		getRadius: (s) => siteRadius(s.dosesToday, max),
		radiusUnits: 'pixels',
		getFillColor: (s) => toRGBA(STOCK_STATUS_COLOURS[s.stock]),
		stroked: true,
		getLineColor: (s) => (s.stock === 'out' ? HIGHLIGHT : toRGBA(BACKGROUND)),
		getLineWidth: (s) => (s.stock === 'out' ? 2 : 1),
		lineWidthUnits: 'pixels',
		updateTriggers: { getRadius: max }
	});
}

/** Where the doses are given today, at national zoom: a heatmap weighted by each site's doses. */
export function siteDensityLayer(sites: readonly MapSite[]) {
	return new HeatmapLayer<MapSite>({
		id: 'site-density',
		data: sites as MapSite[],
		getPosition: (s) => [s.lon, s.lat],
		getWeight: (s) => s.dosesToday,
		aggregation: 'SUM',
		radiusPixels: 35,
		intensity: 1.2,
		threshold: 0.04,
		colorRange: densityRange()
	});
}

interface Island {
	lon: number;
	lat: number;
}
interface ArchipelagoLabel {
	key: string;
	text: string;
	position: [number, number];
}

/**
 * Hoàng Sa and Trường Sa as labelled island groups (Natural Earth's polygons leave them out): a dot per listed island,
 * and the archipelago's name with its province, above its northernmost island.
 */
export function archipelagoLayers(lang: Lang = 'vi'): [ScatterplotLayer<Island>, TextLayer<ArchipelagoLabel>] {
	const islands: Island[] = ARCHIPELAGOS.flatMap((a) => a.islands);
	const labels: ArchipelagoLabel[] = ARCHIPELAGOS.map((a) => {
		const province = PROVINCE_BY_CODE.get(a.provinceCode)!;
		return {
			key: a.key,
			text: lang === 'vi' ? `${a.nameVi}\n(${province.nameVi})` : `${a.nameEn}\n(${province.nameEn})`,
			position: [a.centre[0], Math.max(...a.islands.map((i) => i.lat))]
		};
	});
	return [
		new ScatterplotLayer<Island>({
			id: 'archipelago-islands',
			data: islands,
			getPosition: (i) => [i.lon, i.lat],
			getRadius: 3,
			radiusUnits: 'pixels',
			getFillColor: toRGBA('#cbd5e1')
		}),
		new TextLayer<ArchipelagoLabel>({
			id: 'archipelago-labels',
			data: labels,
			getPosition: (l) => l.position,
			getText: (l) => l.text,
			getSize: 15,
			getColor: toRGBA('#e2e8f0'),
			getTextAnchor: 'middle',
			getAlignmentBaseline: 'bottom',
			getPixelOffset: [0, -10],
			fontFamily: MAP_FONT,
			fontWeight: 600,
			lineHeight: 1.25,
			// Vietnamese letters are outside deck.gl's default ASCII atlas: build it from the labels.
			characterSet: 'auto'
		})
	];
}

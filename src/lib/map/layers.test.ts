import { describe, expect, it, vi } from 'vitest';
import type { PickingInfo } from '@deck.gl/core';
import { archipelagoLayers, provincePolygonLayer, siteDensityLayer, siteLayer, siteRadius, type MapSite, type ProvinceFeature } from './layers.ts';
import { NO_DATA, STOCK_STATUS_COLOURS, sequentialColour, toRGBA } from './colour.ts';

const square = (code: string, x: number): ProvinceFeature => ({
	type: 'Feature',
	properties: { code, iso: `VN-${code}`, nameVi: code, nameEn: code },
	geometry: { type: 'Polygon', coordinates: [[[x, 10], [x + 1, 10], [x + 1, 11], [x, 11], [x, 10]]] }
});
const features = [square('01', 105), square('79', 106), square('96', 107)];
const sites: MapSite[] = [
	{ id: 'S-01-00001', lon: 105.8, lat: 21, dosesToday: 400, stock: 'ok' },
	{ id: 'S-79-00001', lon: 106.6, lat: 10.8, dosesToday: 100, stock: 'out' },
	{ id: 'S-96-00001', lon: 105.1, lat: 9.2, dosesToday: 0, stock: 'unknown' }
];
// deck.gl accessors take (object, {index, data, target}); these functions only use the object.
const call = (accessor: unknown, object: unknown): any => (accessor as (o: unknown, info: unknown) => unknown)(object, { index: 0, data: [], target: [] });

describe('province choropleth', () => {
	it('fills each province by its value on the sequential scale, missing values as no data', () => {
		const layer = provincePolygonLayer(features, { '01': 0.2, '79': 0.8 }, { domain: [0, 1] });
		expect(layer.id).toBe('province-choropleth');
		expect(layer.props.data).toBe(features);
		const colour = sequentialColour([0, 1]);
		expect(call(layer.props.getFillColor, features[0])).toEqual(toRGBA(colour(0.2)));
		expect(call(layer.props.getFillColor, features[1])).toEqual(toRGBA(colour(0.8)));
		expect(call(layer.props.getFillColor, features[2])).toEqual(toRGBA(NO_DATA));
	});

	it('spans the values when no domain is given', () => {
		const layer = provincePolygonLayer(features, { '01': 10, '79': 30, '96': null });
		const colour = sequentialColour([10, 30]);
		expect(call(layer.props.getFillColor, features[0])).toEqual(toRGBA(colour(10)));
		expect(call(layer.props.getFillColor, features[1])).toEqual(toRGBA(colour(30)));
	});

	it('outlines the highlighted province, and recomputes colours when given new values', () => {
		const values = { '01': 0.5 };
		const layer = provincePolygonLayer(features, values, { highlight: '79' });
		expect(call(layer.props.getLineWidth, features[1])).toBeGreaterThan(call(layer.props.getLineWidth, features[0]));
		expect(call(layer.props.getLineColor, features[1])).toEqual([255, 255, 255, 255]);
		expect(layer.props.updateTriggers).toMatchObject({ getFillColor: [values, undefined, undefined], getLineColor: '79' });
	});

	it('is pickable only with onselect, which gets the GSO code', () => {
		expect(provincePolygonLayer(features, {}).props.pickable).toBe(false);
		const onselect = vi.fn();
		const layer = provincePolygonLayer(features, {}, { onselect });
		expect(layer.props.pickable).toBe(true);
		layer.props.onClick!({ object: features[1] } as PickingInfo, {} as never);
		expect(onselect).toHaveBeenCalledWith('79');
	});
});

describe('sites', () => {
	it('dot area grows with doses, from a visible minimum, capped at the maximum', () => {
		expect(siteRadius(0, 400)).toBeGreaterThanOrEqual(2);
		expect(siteRadius(400, 400)).toBe(8);
		expect(siteRadius(800, 400)).toBe(8);
		const [r0, r1, r4] = [siteRadius(0, 400), siteRadius(100, 400), siteRadius(400, 400)];
		expect((r4 - r0) / (r1 - r0)).toBeCloseTo(2, 5); // 4× the doses, 2× the radius above the minimum: area ∝ doses
		expect(siteRadius(5, 0)).toBe(siteRadius(0, 400));
	});

	it('positions at lon/lat, colours by stock status, rings stock-outs', () => {
		const layer = siteLayer(sites);
		expect(layer.id).toBe('sites');
		expect(layer.props.data).toHaveLength(3);
		expect(call(layer.props.getPosition, sites[0])).toEqual([105.8, 21]);
		expect(call(layer.props.getRadius, sites[0])).toBe(8); // the busiest site, when no maximum is given
		expect(call(layer.props.getFillColor, sites[1])).toEqual(toRGBA(STOCK_STATUS_COLOURS.out));
		expect(call(layer.props.getFillColor, sites[2])).toEqual(toRGBA(STOCK_STATUS_COLOURS.unknown));
		expect(call(layer.props.getLineWidth, sites[1])).toBeGreaterThan(call(layer.props.getLineWidth, sites[0]));
		expect(layer.props.radiusUnits).toBe('pixels');
	});

	it('draws stock problems over the sites without one', () => {
		const order = (siteLayer(sites).props.data as MapSite[]).map((s) => s.stock);
		expect(order).toEqual(['ok', 'unknown', 'out']);
		expect(sites.map((s) => s.stock)).toEqual(['ok', 'out', 'unknown']); // the input is left as it was
	});

	it('scales radii to a given maximum, so maps of different days compare', () => {
		expect(call(siteLayer(sites, { maxDoses: 1600 }).props.getRadius, sites[0])).toBe(siteRadius(400, 1600));
	});

	it('density: a heatmap weighted by doses today', () => {
		const layer = siteDensityLayer(sites);
		expect(layer.id).toBe('site-density');
		expect(layer.props.data).toBe(sites);
		expect(call(layer.props.getWeight, sites[0])).toBe(400);
		expect(call(layer.props.getPosition, sites[1])).toEqual([106.6, 10.8]);
	});
});

describe('archipelagos', () => {
	it('draws the islands of Hoàng Sa and Trường Sa, and labels them with their province', () => {
		const [islands, labels] = archipelagoLayers('vi');
		expect([islands.id, labels.id]).toEqual(['archipelago-islands', 'archipelago-labels']);
		expect(islands.props.data).toHaveLength(12);
		const texts = (labels.props.data as { text: string }[]).map((l) => l.text);
		expect(texts).toEqual(['Quần đảo Hoàng Sa\n(Đà Nẵng)', 'Quần đảo Trường Sa\n(Khánh Hòa)']);
		expect(labels.props.characterSet).toBe('auto'); // Vietnamese letters are not in the default atlas
	});

	it('in English', () => {
		const texts = (archipelagoLayers('en')[1].props.data as { text: string }[]).map((l) => l.text);
		expect(texts).toEqual(['Hoang Sa (Paracel) Islands\n(Da Nang)', 'Truong Sa (Spratly) Islands\n(Khanh Hoa)']);
	});
});

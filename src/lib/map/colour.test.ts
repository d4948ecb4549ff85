import { describe, expect, it } from 'vitest';
import { hcl, rgb } from 'd3';
import { BACKGROUND, NO_DATA, STOCK_STATUS_COLOURS, densityRange, extentOf, sequentialColour, sequentialStops, textColourOn, toRGBA } from './colour.ts';

const lightness = (colour: string) => hcl(colour).l;

describe('sequential scale (coverage and other quantities)', () => {
	const colour = sequentialColour([0, 1]);

	it('goes from dark to light, monotonically, so order reads without a legend', () => {
		const ls = [0, 0.25, 0.5, 0.75, 1].map((v) => lightness(colour(v)));
		for (let i = 1; i < ls.length; i++) expect(ls[i]).toBeGreaterThan(ls[i - 1]);
	});

	it('keeps its darkest colour clearly off the background', () => {
		expect(lightness(colour(0)) - lightness(BACKGROUND)).toBeGreaterThan(15);
	});

	it('clamps outside the domain and shows null, undefined and NaN as no data', () => {
		expect(colour(-5)).toBe(colour(0));
		expect(colour(7)).toBe(colour(1));
		expect([colour(null), colour(undefined), colour(Number.NaN)]).toEqual([NO_DATA, NO_DATA, NO_DATA]);
		expect(NO_DATA).not.toBe(colour(0));
	});

	it('legend stops run over the same colours as the scale', () => {
		const stops = sequentialStops(5);
		expect(stops.map((s) => s.offset)).toEqual([0, 0.25, 0.5, 0.75, 1]);
		expect(stops[0].colour).toBe(colour(0));
		expect(stops[4].colour).toBe(colour(1));
	});
});

describe('extent of values', () => {
	it('ignores missing values, and widens a single value', () => {
		expect(extentOf([0.3, null, 0.9, undefined, Number.NaN, 0.5])).toEqual([0.3, 0.9]);
		expect(extentOf([4, 4])).toEqual([4, 5]);
		expect(extentOf([])).toEqual([0, 1]);
	});
});

describe('stock status colours', () => {
	it('are four distinct colours that also differ in lightness (readable without hue)', () => {
		const ls = (['ok', 'low', 'out', 'unknown'] as const).map((s) => lightness(STOCK_STATUS_COLOURS[s]));
		for (let i = 0; i < ls.length; i++) for (let j = i + 1; j < ls.length; j++) expect(Math.abs(ls[i] - ls[j])).toBeGreaterThan(4);
		expect(lightness(STOCK_STATUS_COLOURS.low)).toBeGreaterThan(lightness(STOCK_STATUS_COLOURS.out) + 20);
	});
});

describe('colour helpers', () => {
	it('toRGBA gives deck.gl colours', () => {
		expect(toRGBA('#ff8000')).toEqual([255, 128, 0, 255]);
		expect(toRGBA('rgb(1, 2, 3)', 100)).toEqual([1, 2, 3, 100]);
	});

	it('text on a fill: dark on light, light on dark', () => {
		expect(textColourOn('#fde725')).toBe(BACKGROUND);
		expect(textColourOn('#440154')).not.toBe(BACKGROUND);
		expect(rgb(textColourOn('#440154')).r).toBeGreaterThan(200);
	});

	it('density colours brighten from sparse to dense', () => {
		const range = densityRange(6);
		expect(range).toHaveLength(6);
		const l = range.map(([r, g, b]) => lightness(rgb(r, g, b).formatHex()));
		for (let i = 1; i < l.length; i++) expect(l[i]).toBeGreaterThan(l[i - 1]);
	});
});

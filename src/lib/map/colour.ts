// Colours of the maps: high contrast on the dark wall-screen background, and readable by colour-blind viewers
// (viridis for quantities; Okabe–Ito hues, which differ in lightness too, for stock status).
import { hcl, interpolateInferno, interpolateViridis, rgb, scaleSequential } from 'd3';

/** [r, g, b, a], 0–255: deck.gl's colour format. */
export type RGBA = [number, number, number, number];

export type StockStatus = 'ok' | 'low' | 'out' | 'unknown';

/** The page background the maps are drawn on; also the sea of the base map. */
export const BACKGROUND = '#0a0f1a';
/** A province or cell without a value: grey-blue, darker than every colour of the scale but clearly not sea. */
export const NO_DATA = '#2b3548';

// Viridis without its darkest eighth, which would melt into the background.
const quantity = (t: number) => interpolateViridis(0.125 + 0.875 * t);

/** Colour of a value on a sequential scale (coverage, doses, …); values outside `domain` are clamped, null is NO_DATA. */
export function sequentialColour(domain: readonly [number, number]): (value: number | null | undefined) => string {
	const scale = scaleSequential(quantity).domain(domain).clamp(true);
	return (value) => (value === null || value === undefined || Number.isNaN(value) ? NO_DATA : scale(value));
}

/** The domain of a set of values (nulls ignored); [0, 1] when there is nothing to span. */
export function extentOf(values: Iterable<number | null | undefined>): [number, number] {
	let min = Infinity;
	let max = -Infinity;
	for (const v of values) {
		if (v === null || v === undefined || Number.isNaN(v)) continue;
		if (v < min) min = v;
		if (v > max) max = v;
	}
	if (min === Infinity) return [0, 1];
	return min === max ? [min, min + 1] : [min, max];
}

/** Gradient stops of the sequential scale (offset 0–1), for legends. */
export function sequentialStops(count = 9): { offset: number; colour: string }[] {
	return Array.from({ length: count }, (_, i) => ({ offset: i / (count - 1), colour: quantity(i / (count - 1)) }));
}

export const STOCK_STATUS_COLOURS: Readonly<Record<StockStatus, string>> = {
	ok: '#56b4e9', // sky blue
	low: '#f0e442', // yellow
	out: '#d55e00', // vermillion; sites out of stock are also ringed, so colour is not the only cue
	unknown: '#646e80' // grey, darker than all three
};

/** Colours of site density (heatmap), from sparse to dense: inferno, so it cannot be mistaken for coverage. */
export function densityRange(count = 6): RGBA[] {
	return Array.from({ length: count }, (_, i) => toRGBA(interpolateInferno(0.2 + (0.8 * i) / (count - 1))));
}

export function toRGBA(colour: string, alpha = 255): RGBA {
	const c = rgb(colour);
	return [c.r, c.g, c.b, alpha];
}

/** Text colour that stays readable on `fill`: near-black on light fills, near-white on dark ones. */
export function textColourOn(fill: string): string {
	return hcl(fill).l > 60 ? BACKGROUND : '#f8fafc';
}

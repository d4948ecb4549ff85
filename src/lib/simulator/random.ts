// Randomness of the simulator: independent, reproducible streams (sfc32 with 128 bits of state, so streams of
// different provinces never overlap the way small-state generators can), and event ids that are a hash of
// (seed, stream, counter) rather than random draws: unique within a stream by construction, and the same for the
// same seed and options, so a replayed run re-sends the same ids and the server de-duplicates them.

export type Random = () => number;

/** murmur3's finaliser: a bijection on 32-bit integers with good avalanche. */
export function fmix32(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

export function hashString(text: string, seed = 0): number {
	let h = (0x811c9dc5 ^ seed) >>> 0;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return fmix32(h);
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator), seeded from (seed, label). Period ≥ 2^32. */
export function stream(seed: number, label: string): Random {
	let a = hashString(label, seed);
	let b = hashString(label, fmix32(seed ^ 0x9e3779b9));
	let c = hashString(label, fmix32(seed ^ 0x7f4a7c15));
	let d = 1;
	const next = () => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return (t >>> 0) / 4294967296;
	};
	for (let i = 0; i < 12; i++) next();
	return next;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (x: number) => HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];

/**
 * A UUID (version 4 layout) for the n-th event of a stream: four 32-bit words, each a chain of bijections of n
 * for a fixed (seed, stream), so two counters of one stream never share a first word.
 */
export function eventUuid(seed: number, streamId: number, n: number): string {
	const w = [0, 0, 0, 0];
	for (let i = 0; i < 4; i++) {
		let h = fmix32((seed ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0);
		h = fmix32((h ^ streamId) >>> 0);
		w[i] = fmix32((h + n) >>> 0);
	}
	const a = hex32(w[0]);
	const b = hex32(w[1]);
	const c = hex32(w[2]);
	const d = hex32(w[3]);
	// xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx
	return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[w[2] >>> 30]}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

export function int(random: Random, lo: number, hi: number): number {
	return lo + Math.floor(random() * (hi - lo + 1));
}

export function uniform(random: Random, lo: number, hi: number): number {
	return lo + random() * (hi - lo);
}

export function normal(random: Random): number {
	const u = 1 - random();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Rounds x up or down at random so that the expected value is x. */
export function roundRandom(random: Random, x: number): number {
	const floor = Math.floor(x);
	return floor + (random() < x - floor ? 1 : 0);
}

export function pick<T>(random: Random, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}

/** Index drawn with probability proportional to weights[i] (all ≥ 0; returns -1 when they sum to 0). */
export function weightedIndex(random: Random, weights: ArrayLike<number>): number {
	let total = 0;
	for (let i = 0; i < weights.length; i++) total += weights[i];
	if (!(total > 0)) return -1;
	let x = random() * total;
	for (let i = 0; i < weights.length; i++) {
		x -= weights[i];
		if (x < 0 && weights[i] > 0) return i;
	}
	for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
	return -1;
}

export function pickWeighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
	let total = 0;
	for (const [, w] of items) total += w;
	let x = random() * total;
	for (const [item, w] of items) if ((x -= w) < 0) return item;
	return items[items.length - 1][0];
}

/** Lognormal with the given median and sigma (of the log). */
export function lognormal(random: Random, median: number, sigma: number): number {
	return median * Math.exp(sigma * normal(random));
}

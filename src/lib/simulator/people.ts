// Generated people: citizen ID numbers (CCCD), birth years from the adult age pyramid, priority groups.
import { hashString, pickWeighted, type Random } from './random.ts';

/**
 * Adults (18+) of Viet Nam by age band, shares of the 2019 census pyramid (rounded): [lowest age, highest age, weight].
 */
const ADULT_AGE_BANDS: readonly (readonly [number, number, number])[] = [
	[18, 24, 13],
	[25, 29, 10.5],
	[30, 34, 11],
	[35, 39, 11],
	[40, 44, 10],
	[45, 49, 9],
	[50, 54, 8],
	[55, 59, 7.5],
	[60, 64, 6],
	[65, 69, 4.5],
	[70, 74, 3],
	[75, 79, 2],
	[80, 95, 2.5]
];
const BAND_ITEMS = ADULT_AGE_BANDS.map((band) => [band, band[2]] as const);

/** A birth year of an adult in `year`, drawn from the age pyramid. */
export function adultBirthYear(random: Random, year: number): number {
	const [lo, hi] = pickWeighted(random, BAND_ITEMS);
	const age = lo + Math.floor(random() * (hi - lo + 1));
	return year - age;
}

/**
 * Priority groups (Resolution 21/NQ-CP, 1..16) of people vaccinated in a period. Early on: health workers, the
 * front line, armed forces and police, essential workers; from mid-August, whole outbreak areas (10), factory
 * workers (13), the self-employed (15) and everybody else (16). Over-65s are mostly group 9.
 */
const EARLY_GROUPS = [[1, 10], [2, 14], [3, 6], [4, 7], [5, 0.3], [6, 1], [7, 9], [8, 7], [9, 6], [10, 18], [11, 3], [12, 1], [13, 12], [14, 0.5], [15, 4], [16, 1.2]] as const;
const LATE_GROUPS = [[1, 1.5], [2, 3], [3, 2], [4, 2], [5, 0.1], [6, 0.3], [7, 4], [8, 7], [9, 8], [10, 30], [11, 4], [12, 0.6], [13, 16], [14, 0.5], [15, 10], [16, 11]] as const;

export function priorityGroup(random: Random, age: number, late: boolean): number {
	if (age >= 65 && random() < 0.7) return 9;
	return pickWeighted(random, late ? LATE_GROUPS : EARLY_GROUPS);
}

/**
 * CCCD numbers (12 digits): 3-digit province code ("079" for TP HCM), a century-and-sex digit (0/1 for men/women
 * born in the 1900s, 2/3 in the 2000s), the 2-digit birth year, then 6 digits. The last 6 are a seeded permutation
 * of a counter per (province, sex, birth year), so numbers never repeat within a run (up to a million per cell).
 */
export class CitizenIds {
	readonly #seed: number;
	readonly #counters = new Map<string, number>();

	constructor(seed: number) {
		this.#seed = seed;
	}

	next(provinceCode: string, birthYear: number, female: boolean): string {
		const prefix = `0${provinceCode}${(birthYear >= 2000 ? 2 : 0) + (female ? 1 : 0)}${String(birthYear % 100).padStart(2, '0')}`;
		const n = this.#counters.get(prefix) ?? 0;
		this.#counters.set(prefix, n + 1);
		const offset = hashString(prefix, this.#seed) % 1_000_000;
		// 387403 is coprime with 10^6, so n → (n·a + b) mod 10^6 is a permutation.
		const tail = (((n % 1_000_000) * 387_403) % 1_000_000 + offset) % 1_000_000; // < 2^53: exact
		return prefix + String(tail).padStart(6, '0');
	}
}

// The shape of the campaign at scale 1 (the real country): doses per day nationally, each province's share of
// them, and the vaccine mix by period. Calibrated on Viet Nam 2021: ≈ 61 M doses by 16 Oct 2021 and ≈ 146 M by
// 27 Dec 2021 (Ministry of Health), ~1.5–1.7 M a day at the Oct–Nov peak, a record day on 10 Aug 2021.
import { PROVINCES } from '../reference/provinces.ts';
import type { VaccineCode } from '../reference/vaccines.ts';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
/** Viet Nam is UTC+7 all year. */
export const TZ_OFFSET_MS = 7 * HOUR_MS;

/** Local calendar day number (days since 1970-01-01 in UTC+7) of an instant. */
export const dayOf = (ms: number) => Math.floor((ms + TZ_OFFSET_MS) / DAY_MS);
/** The instant local midnight of a day number begins. */
export const dayStart = (day: number) => day * DAY_MS - TZ_OFFSET_MS;
/** "2021-08-10" of a day number. */
export const dateOf = (day: number) => localIso(dayStart(day)).slice(0, 10);
/** Day number of "2021-08-10". */
export function dayOfDate(date: string): number {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new Error(`not a date YYYY-MM-DD: "${date}"`);
	return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}
/** An instant given as epoch ms, a date (local midnight, UTC+7) or an ISO date-time. */
export function toInstant(value: number | string): number {
	if (typeof value === 'number') return value;
	if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dayStart(dayOfDate(value));
	const ms = Date.parse(value);
	if (Number.isNaN(ms)) throw new Error(`not a date or date-time: "${value}"`);
	return ms;
}
const isoDays = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
/** Local time of an instant as ISO 8601 with the +07:00 offset, to the second, as Vietnamese devices send it. */
export function localIso(ms: number): string {
	const local = ms + TZ_OFFSET_MS;
	const day = Math.floor(local / DAY_MS);
	let date = isoDays.get(day);
	if (date === undefined) {
		if (isoDays.size > 4096) isoDays.clear();
		isoDays.set(day, (date = new Date(day * DAY_MS).toISOString().slice(0, 10)));
	}
	const secs = Math.floor((local - day * DAY_MS) / 1000);
	return `${date}T${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}+07:00`;
}

export const CAMPAIGN_START = '2021-03-08';

/** National doses per day at scale 1 on these days (linear in between), before the weekday pattern. */
export const DOSE_KNOTS: readonly (readonly [date: string, doses: number])[] = [
	['2021-03-08', 2_000],
	['2021-04-01', 8_000],
	['2021-05-01', 22_000],
	['2021-06-01', 40_000],
	['2021-07-01', 70_000],
	['2021-07-10', 90_000],
	['2021-08-01', 250_000],
	['2021-08-15', 400_000],
	['2021-09-01', 600_000],
	['2021-09-15', 780_000],
	['2021-10-01', 950_000],
	['2021-10-16', 1_150_000],
	['2021-11-01', 1_500_000],
	['2021-11-15', 1_500_000],
	['2021-11-30', 1_150_000],
	['2021-12-15', 780_000],
	['2021-12-27', 680_000],
	['2022-01-15', 1_000_000],
	['2022-02-15', 650_000],
	['2022-03-31', 450_000],
	['2022-06-30', 150_000],
	['2022-12-31', 40_000]
];
const KNOT_DAYS = DOSE_KNOTS.map(([date, doses]) => [dayOfDate(date), doses] as const);

/** Mon..Sun multipliers (mean 1): fewer sessions at weekends. */
const WEEKDAY = [1.04, 1.04, 1.04, 1.04, 1.04, 0.95, 0.85];
/** Mass-campaign days, as multipliers of the day (10 Aug 2021: the record day of the summer, ~1.3 M). */
export const CAMPAIGN_DAYS: Readonly<Record<string, number>> = { '2021-08-10': 3.5 };
const CAMPAIGN_DAY_NUMBERS = new Map(Object.entries(CAMPAIGN_DAYS).map(([date, k]) => [dayOfDate(date), k]));

/** Smooth national doses per day at scale 1 (no weekday pattern). */
export function baseDoses(day: number): number {
	if (day < KNOT_DAYS[0][0]) return 0;
	for (let i = 1; i < KNOT_DAYS.length; i++) {
		const [d1, v1] = KNOT_DAYS[i];
		if (day <= d1) {
			const [d0, v0] = KNOT_DAYS[i - 1];
			return v0 + ((v1 - v0) * (day - d0)) / (d1 - d0);
		}
	}
	return KNOT_DAYS[KNOT_DAYS.length - 1][1];
}

/** National doses given on a local day at scale 1: the calibrated curve with its weekday pattern. */
export function dailyDoses(day: number): number {
	const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Monday
	return baseDoses(day) * WEEKDAY[weekday] * (CAMPAIGN_DAY_NUMBERS.get(day) ?? 1);
}

/** Doses given from the campaign start up to and including `date`, at scale 1. */
export function cumulativeDoses(date: string): number {
	let total = 0;
	for (let day = dayOfDate(CAMPAIGN_START), end = dayOfDate(date); day <= end; day++) total += dailyDoses(day);
	return total;
}

/** Published cumulative figures the curve is calibrated on (Ministry of Health). */
export const CALIBRATION = [
	{ date: '2021-10-16', doses: 61_000_000 },
	{ date: '2021-12-27', doses: 146_000_000 }
] as const;

// --- provinces ------------------------------------------------------------------------------------------------

/** The outbreak's hot spots of summer 2021, vaccinated first and fastest (then saturated, slower). */
const HOT: Record<string, { from: string; to: string; boost: number }> = {
	'79': { from: '2021-07-10', to: '2021-09-30', boost: 2.6 }, // TP HCM
	'74': { from: '2021-07-10', to: '2021-09-30', boost: 2.6 }, // Bình Dương
	'75': { from: '2021-07-20', to: '2021-09-30', boost: 2.0 }, // Đồng Nai
	'80': { from: '2021-07-20', to: '2021-09-30', boost: 1.8 }, // Long An
	'01': { from: '2021-08-15', to: '2021-09-30', boost: 2.0 } // Hà Nội
};
/** Slower starters: remote mountain provinces and some large rural ones (catching up in Nov–Dec). */
const SLOW: Record<string, number> = { '02': 0.7, '04': 0.7, '11': 0.7, '12': 0.65, '14': 0.75, '62': 0.75, '38': 0.85, '40': 0.8, '94': 0.85 };

/** How fast a province vaccinates relative to its population on a day (1 = its population share). */
const HOT_DAYS = new Map(Object.entries(HOT).map(([code, h]) => [code, { from: dayOfDate(h.from), to: dayOfDate(h.to), boost: h.boost }]));
const END_2021 = dayOfDate('2021-12-31');
const NOV_2021 = dayOfDate('2021-11-01');
export function provincePace(code: string, day: number): number {
	const hot = HOT_DAYS.get(code);
	if (hot) {
		const { from, to } = hot;
		if (day < from) return 1;
		if (day <= to) return hot.boost;
		// Saturated: slower for the rest of the year, then ordinary again.
		return day <= to + 21 ? hot.boost - ((hot.boost - 0.7) * (day - to)) / 21 : day <= END_2021 ? 0.7 : 1;
	}
	const slow = SLOW[code];
	if (slow) return day < NOV_2021 ? slow : day <= END_2021 ? 1.25 : 1;
	return 1;
}

const POPULATION = new Map(PROVINCES.map((p) => [p.code, p.population2019]));
const shareCache = new Map<number, Map<string, number>>();
/** Each province's share of the national doses of a day (over all 63: a subset keeps its own shares). */
export function provinceShares(day: number): ReadonlyMap<string, number> {
	let shares = shareCache.get(day);
	if (shares) return shares;
	let total = 0;
	for (const p of PROVINCES) total += p.population2019 * provincePace(p.code, day);
	shares = new Map(PROVINCES.map((p) => [p.code, (POPULATION.get(p.code)! * provincePace(p.code, day)) / total]));
	if (shareCache.size > 2000) shareCache.clear();
	shareCache.set(day, shares);
	return shares;
}

// --- vaccines ---------------------------------------------------------------------------------------------------

/** Vaccine mix of first doses by period (AstraZeneca early; Pfizer, Moderna and Vero Cell later; a few others). */
const MIX: readonly (readonly [from: string, mix: Partial<Record<VaccineCode, number>>])[] = [
	['2021-03-08', { AZ: 1 }],
	['2021-07-01', { AZ: 0.68, MODERNA: 0.17, PFIZER: 0.1, SINOPHARM: 0.05 }],
	['2021-08-01', { AZ: 0.45, SINOPHARM: 0.25, PFIZER: 0.15, MODERNA: 0.13, SPUTNIK_V: 0.02 }],
	['2021-09-01', { AZ: 0.34, SINOPHARM: 0.28, PFIZER: 0.24, MODERNA: 0.08, ABDALA: 0.03, SPUTNIK_V: 0.02, JANSSEN: 0.01 }],
	['2021-10-01', { PFIZER: 0.4, AZ: 0.25, SINOPHARM: 0.18, MODERNA: 0.1, ABDALA: 0.03, HAYAT_VAX: 0.02, SPUTNIK_V: 0.01, JANSSEN: 0.01 }],
	['2021-12-01', { PFIZER: 0.45, AZ: 0.25, MODERNA: 0.15, SINOPHARM: 0.1, ABDALA: 0.02, HAYAT_VAX: 0.02, JANSSEN: 0.01 }]
];
const MIX_DAYS = MIX.map(([date, mix]) => [dayOfDate(date), mix] as const);
/** Boosters (third doses) from 20 Nov 2021: mRNA mostly. */
export const BOOSTER_MIX: Partial<Record<VaccineCode, number>> = { PFIZER: 0.55, MODERNA: 0.3, AZ: 0.15 };
export const BOOSTERS_FROM = '2021-11-20';

export function firstDoseMix(day: number): Partial<Record<VaccineCode, number>> {
	let mix = MIX_DAYS[0][1];
	for (const [from, m] of MIX_DAYS) if (day >= from) mix = m;
	return mix;
}

/** Share of a day's doses that are boosters (offered to people fully vaccinated ≥ 3 months). */
const BOOSTERS_FROM_DAY = dayOfDate(BOOSTERS_FROM);
export function boosterShare(day: number): number {
	const from = BOOSTERS_FROM_DAY;
	if (day < from) return 0;
	const ramp = (day - from) / 40;
	return Math.min(0.5, 0.03 + 0.3 * ramp);
}

/** Extra days after the minimum interval before people came for their next dose (AstraZeneca: 8–12 weeks). */
export function intervalLagDays(vaccine: VaccineCode, random: () => number): number {
	if (vaccine === 'AZ') return 14 + Math.floor(random() * 43);
	return Math.floor(random() * random() * 15);
}

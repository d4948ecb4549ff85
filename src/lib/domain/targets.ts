// Campaign targets and pace: pure functions behind the "distance to target", "projected date" and
// "required daily pace" figures. Dates are campaign days in Viet Nam (YYYY-MM-DD, UTC+7).

export type Denominator = 'population' | 'population18';

/** Who counts towards a target: people with at least one dose, or people fully vaccinated (primary series done). */
export type Measure = 'atLeastOne' | 'full';

export interface Target {
	id: 'adults-2021' | 'population-q1-2022';
	measure: Measure;
	/** Share of the denominator to reach (0..1). */
	share: number;
	denominator: Denominator;
	/** Last day that counts. */
	deadline: string;
}

/**
 * Ministry of Health plan 2021–2022: at least one dose for ≥ 50 % of people aged 18+ in 2021; > 70 % of the
 * population vaccinated (counted here as fully vaccinated) by the end of Q1 2022.
 */
export const TARGETS: readonly Target[] = [
	{ id: 'adults-2021', measure: 'atLeastOne', share: 0.5, denominator: 'population18', deadline: '2021-12-31' },
	{ id: 'population-q1-2022', measure: 'full', share: 0.7, denominator: 'population', deadline: '2022-03-31' }
];

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / DAY_MS;
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** People still needed to reach `share` of `denominator` (0 once reached). */
export function remainingToTarget(people: number, denominator: number, share: number): number {
	return Math.max(0, Math.ceil(share * denominator - people));
}

/** Mean of the last 7 values (fewer if fewer are given); 0 for none. */
export function sevenDayPace(daily: readonly number[]): number {
	const last = daily.slice(-7);
	return last.length === 0 ? 0 : last.reduce((a, b) => a + b, 0) / last.length;
}

export type PaceStatus =
	| { status: 'met' }
	| { status: 'on-track' | 'behind'; requiredPerDay: number; daysLeft: number }
	| { status: 'missed'; remaining: number };

/**
 * The daily pace needed from `today` (counting today) to the deadline (counting it), against the current pace.
 * 'missed' once the deadline has passed without reaching the target.
 */
export function requiredDailyPace(people: number, denominator: number, target: Pick<Target, 'share' | 'deadline'>, today: string, currentPace: number): PaceStatus {
	const remaining = remainingToTarget(people, denominator, target.share);
	if (remaining === 0) return { status: 'met' };
	const daysLeft = dayNumber(target.deadline) - dayNumber(today) + 1;
	if (daysLeft <= 0) return { status: 'missed', remaining };
	const requiredPerDay = Math.ceil(remaining / daysLeft);
	return { status: currentPace >= requiredPerDay ? 'on-track' : 'behind', requiredPerDay, daysLeft };
}

/**
 * The day the target is reached at `pace` people a day, starting with today's (null: never at this pace).
 * Reached today when nothing remains.
 */
export function projectedDate(people: number, denominator: number, share: number, today: string, pace: number): string | null {
	const remaining = remainingToTarget(people, denominator, share);
	if (remaining === 0) return today;
	if (!(pace > 0)) return null;
	return dayString(dayNumber(today) + Math.ceil(remaining / pace) - 1);
}

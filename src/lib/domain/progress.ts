// Where a place stands against each campaign target: coverage, what remains, the 7-day pace, the pace required to
// make the deadline and the projected date at the current pace. Pure: from counts a query already made.
import { TARGETS, projectedDate, remainingToTarget, requiredDailyPace, sevenDayPace, type Measure, type PaceStatus, type Target } from './targets.ts';

export interface MeasureCounts {
	atLeastOne: number;
	full: number;
}

export interface ProgressInput {
	/** People so far (the as-of day included, up to the instant). */
	total: MeasureCounts;
	/** The 7 full days before the as-of day, oldest first. */
	last7Days: readonly MeasureCounts[];
}

export interface Denominators {
	population: number;
	population18: number;
}

export interface TargetProgress {
	target: Target['id'];
	measure: Measure;
	denominator: Target['denominator'];
	share: number;
	deadline: string;
	people: number;
	/** people / denominator (0 when the denominator is unknown). */
	coverage: number;
	remaining: number;
	/** People a day reaching the measure, mean of the 7 full days before today. */
	pace: number;
	required: PaceStatus;
	/** YYYY-MM-DD at the current pace, or null when the pace would never get there. */
	projected: string | null;
}

export function targetProgress(input: ProgressInput, denominators: Denominators, today: string, targets: readonly Target[] = TARGETS): TargetProgress[] {
	return targets.map((target) => {
		const people = input.total[target.measure];
		const denominator = denominators[target.denominator];
		const pace = sevenDayPace(input.last7Days.map((d) => d[target.measure]));
		return {
			target: target.id,
			measure: target.measure,
			denominator: target.denominator,
			share: target.share,
			deadline: target.deadline,
			people,
			coverage: denominator > 0 ? people / denominator : 0,
			remaining: remainingToTarget(people, denominator, target.share),
			pace,
			required: requiredDailyPace(people, denominator, target, today, pace),
			projected: projectedDate(people, denominator, target.share, today, pace)
		};
	});
}

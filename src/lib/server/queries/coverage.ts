// Coverage as of an instant: people with at least one dose, fully vaccinated (the vaccine's primary series done) and
// boosted, by vaccine, age band and priority group. People are counted by their doses: a dose 1 is a person with a
// first dose, the last dose of a primary series (dose 2; dose 1 of Janssen; dose 3 of Abdala) a person fully
// vaccinated, the dose after it a person boosted. Duplicate first doses of one person are a data-quality finding
// (duplicate-first-doses.ts), not subtracted here.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { needsFacilityGrain, scopeParams, type Scope } from './scope.ts';
import { GRAIN_BOUNDS, SO_FAR } from './grains.ts';

export interface CoverageCounts {
	doses: number;
	atLeastOne: number;
	full: number;
	boosted: number;
}

export interface Coverage extends CoverageCounts {
	byVaccine: ({ vaccine: string } & CoverageCounts)[];
	/** Null for districts and sites: their rollups do not keep the person's age and group. */
	byAgeBand: ({ ageBand: string } & CoverageCounts)[] | null;
	byPriorityGroup: ({ priorityGroup: number } & CoverageCounts)[] | null;
}

const PROVINCE_GRAIN = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start
SELECT d.vaccine AS vaccine, age_band, priority_group,
       sum(n) AS doses,
       sumIf(n, dose_number = 1) AS at_least_one,
       sumIf(n, dose_number = v.primary_doses) AS full,
       sumIf(n, dose_number = v.primary_doses + 1) AS boosted
FROM (
    SELECT vaccine, dose_number, age_band, priority_group, doses AS n FROM doses_province_day
    WHERE ({province:String} = '' OR province_code = {province:String}) AND day < as_of_day
    UNION ALL
    SELECT vaccine, dose_number, age_band, priority_group, doses AS n FROM doses_province_minute
    WHERE ({province:String} = '' OR province_code = {province:String}) AND minute >= day_start AND minute < until
) AS d
LEFT JOIN (SELECT code, primary_doses FROM ref_vaccine FINAL WHERE deleted = 0) AS v ON v.code = d.vaccine
GROUP BY vaccine, age_band, priority_group
`;

// One scan of the facility grains so far (clickhouse/0010); {days} only places the month/day boundary.
const FACILITY_GRAIN = `
WITH ${GRAIN_BOUNDS}
SELECT d.vaccine AS vaccine, 'unknown' AS age_band, toUInt8(0) AS priority_group,
       sum(n) AS doses,
       sumIf(n, dose_number = 1) AS at_least_one,
       sumIf(n, dose_number = v.primary_doses) AS full,
       sumIf(n, dose_number = v.primary_doses + 1) AS boosted
FROM (
    SELECT vaccine, dose_number, n FROM injections_facility_grains
    WHERE province_code = {province:String} AND ${SO_FAR}
      AND ({facility:String} = '' OR facility_id = {facility:String})
      AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
) AS d
LEFT JOIN (SELECT code, primary_doses FROM ref_vaccine FINAL WHERE deleted = 0) AS v ON v.code = d.vaccine
GROUP BY vaccine
`;

interface Row {
	vaccine: string;
	age_band: string;
	priority_group: number;
	doses: string;
	at_least_one: string;
	full: string;
	boosted: string;
}

export const zeroCounts = (): CoverageCounts => ({ doses: 0, atLeastOne: 0, full: 0, boosted: 0 });
const zero = zeroCounts;

export const plusCounts = (a: CoverageCounts, b: CoverageCounts): CoverageCounts => ({
	doses: a.doses + b.doses,
	atLeastOne: a.atLeastOne + b.atLeastOne,
	full: a.full + b.full,
	boosted: a.boosted + b.boosted
});

/** A row of counts by days before the as-of day (0 = that day, 1..7 = the week before, 8 = all older). */
export interface DaysAgoRow {
	days_ago: number;
	doses: string;
	at_least_one: string;
	full: string;
	boosted: string;
}

/** Folds one place's days-ago rows into its total so far, the as-of day, and each of the 7 full days before, oldest first. */
export function foldDaysAgo(rows: readonly DaysAgoRow[]): { total: CoverageCounts; today: CoverageCounts; last7Days: CoverageCounts[] } {
	const out = { total: zero(), today: zero(), last7Days: Array.from({ length: 7 }, zero) };
	for (const row of rows) {
		const counts: CoverageCounts = { doses: Number(row.doses), atLeastOne: Number(row.at_least_one), full: Number(row.full), boosted: Number(row.boosted) };
		out.total = plusCounts(out.total, counts);
		const ago = Number(row.days_ago);
		if (ago === 0) out.today = counts;
		else if (ago <= 7) out.last7Days[7 - ago] = counts;
	}
	return out;
}

function add(into: CoverageCounts, row: Row): void {
	into.doses += Number(row.doses);
	into.atLeastOne += Number(row.at_least_one);
	into.full += Number(row.full);
	into.boosted += Number(row.boosted);
}

function groupBy<K extends string | number>(rows: Row[], key: (r: Row) => K): Map<K, CoverageCounts> {
	const out = new Map<K, CoverageCounts>();
	for (const row of rows) {
		const k = key(row);
		let counts = out.get(k);
		if (!counts) out.set(k, (counts = zero()));
		add(counts, row);
	}
	return out;
}

export async function coverage(client: ClickHouseClient, scope: Scope, asOf: number): Promise<Coverage> {
	const facilityGrain = needsFacilityGrain(scope);
	const rows = await selectRows<Row>(client, facilityGrain ? FACILITY_GRAIN : PROVINCE_GRAIN, { ...scopeParams(scope), asOf, days: 0 });
	const total = zero();
	for (const row of rows) add(total, row);
	const sorted = <K extends string | number, T>(m: Map<K, CoverageCounts>, make: (k: K, c: CoverageCounts) => T) =>
		[...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, c]) => make(k, c));
	return {
		...total,
		byVaccine: sorted(groupBy(rows, (r) => r.vaccine), (vaccine, c) => ({ vaccine, ...c })),
		byAgeBand: facilityGrain ? null : sorted(groupBy(rows, (r) => r.age_band), (ageBand, c) => ({ ageBand, ...c })),
		byPriorityGroup: facilityGrain ? null : sorted(groupBy(rows, (r) => Number(r.priority_group)), (priorityGroup, c) => ({ priorityGroup, ...c }))
	};
}

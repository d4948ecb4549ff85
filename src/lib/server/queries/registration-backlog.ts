// Registrations of a scope as of an instant: how many stand at each stage, how long the open ones have waited in
// their current stage (< 1 d, 1–3 d, 3–7 d, > 7 d, median), and how many have closed. Stages and the district / site of
// a registration are defined in clickhouse/0006_registration_rollups.sql. Waits need each registration's own times:
// they come from registration_state (as do a district's or site's closed counts; the nation's and a province's come
// from the stage moves). A district sees the registrations allocated to it (or, never allocated, scheduled to one of
// its sites); a site those scheduled to it; before that, a registration belongs to its province only.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { needsFacilityGrain, scopeParams, type Scope } from './scope.ts';

export const OPEN_STAGES = ['submitted', 'approved', 'allocated', 'scheduled', 'slot_passed'] as const;
/** submitted: awaiting approval · approved: awaiting allocation · allocated: awaiting scheduling · scheduled: slot ahead · slot_passed: slot passed, no check-in yet. */
export type OpenStage = (typeof OPEN_STAGES)[number];
export const CLOSED_STAGES = ['vaccinated', 'cancelled', 'no_show'] as const;
/** vaccinated: checked in at a site with its registration. */
export type ClosedStage = (typeof CLOSED_STAGES)[number];

export interface Waits {
	registrations: number;
	/** Time in the current stage: under 1 day, 1 to 3 days, 3 to 7 days, over 7 days. */
	under1d: number;
	from1to3d: number;
	from3to7d: number;
	over7d: number;
	/** Median time in the current stage, null without registrations. */
	medianWaitMs: number | null;
}

export interface RegistrationBacklog {
	stages: Record<OpenStage, Waits>;
	/** All open stages together. */
	open: Waits;
	closed: Record<ClosedStage, number>;
}

const AS_OF = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start`;

// Each registration of the scope's province as of T (of those the filter lets through, with all their rows): its
// stage, when it entered it, its allocations and its site. Waits run to the end of T's minute, up to which events count.
const STAGED = (filter: string) => `
    SELECT
        multiIf(
            checked_in_at < until, 'vaccinated',
            cancelled_at < until AND NOT ifNull(no_show_at < cancelled_at, false), 'cancelled',
            no_show_at < until, 'no_show',
            notEmpty(schedules), if(schedules[-1].slot_start < until, 'slot_passed', 'scheduled'),
            notEmpty(allocations), 'allocated',
            approved_at < until, 'approved',
            submitted_at < until, 'submitted',
            '') AS stage,
        stage IN ('submitted', 'approved', 'allocated', 'scheduled', 'slot_passed') AS is_open,
        if(is_open, dateDiff('millisecond', multiIf(
            stage = 'slot_passed', schedules[-1].slot_start,
            stage = 'scheduled', schedules[1].at,
            stage = 'allocated', allocations[1].at,
            stage = 'approved', approved_at,
            submitted_at), until), NULL) AS wait_ms,
        allocations,
        schedules[-1].site_id AS site_id
    FROM (
        SELECT
            min(submitted_at) AS submitted_at,
            min(approved_at) AS approved_at,
            min(checked_in_at) AS checked_in_at,
            min(cancelled_at) AS cancelled_at,
            min(no_show_at) AS no_show_at,
            arraySort(arrayFilter(a -> a.at < until, groupArrayArray(registration_state.allocations))) AS allocations,
            arraySort(arrayFilter(s -> s.at < until, groupArrayArray(registration_state.schedules))) AS schedules
        FROM registration_state
        WHERE ({province:String} = '' OR province_code = {province:String})${filter}
        GROUP BY province_code, registration_id
    )
    WHERE stage != ''`;

const WAITS = `
    count() AS registrations,
    countIf(wait_ms < 86400000) AS under_1d,
    countIf(wait_ms >= 86400000 AND wait_ms < 3 * 86400000) AS from_1_to_3d,
    countIf(wait_ms >= 3 * 86400000 AND wait_ms <= 7 * 86400000) AS from_3_to_7d,
    countIf(wait_ms > 7 * 86400000) AS over_7d,
    quantileExactInclusiveIf(0.5)(wait_ms, is_open) AS median_wait_ms`;

// National and province: the open registrations only (registration_state's skip indexes find them), and the closed
// counts from the stage moves, since closed registrations are nearly all there ever were.
const PROVINCE_GRAIN = `${AS_OF}
SELECT if(stage = '', 'open', stage) AS row_stage, ${WAITS}
FROM (${STAGED(`
          AND (province_code, registration_id) IN (
              SELECT province_code, registration_id FROM registration_state
              WHERE ({province:String} = '' OR province_code = {province:String}) AND first_at < until AND open_until >= until)`)}
)
WHERE is_open
GROUP BY GROUPING SETS ((stage), ())
UNION ALL
SELECT stage, toUInt64(sum(n)), 0, 0, 0, 0, NULL
FROM (
    SELECT stage, n FROM registration_stage_province_day
    WHERE ({province:String} = '' OR province_code = {province:String}) AND day < as_of_day
    UNION ALL
    SELECT stage, n FROM registration_stage_province_minute
    WHERE ({province:String} = '' OR province_code = {province:String}) AND minute >= day_start AND minute < until
)
WHERE stage IN ('vaccinated', 'cancelled', 'no_show')
GROUP BY stage
`;

// District and site: open and closed from registration_state, for the registrations ever allocated to the district or
// scheduled to one of its sites (or to the site), with all their rows; which of them belong there as of T is decided
// on the whole registration.
const FACILITY_GRAIN = `${AS_OF}
SELECT if(stage = '', if(is_open, 'open', 'closed'), stage) AS row_stage, ${WAITS}
FROM (${STAGED(`
          AND (province_code, registration_id) IN (
              SELECT province_code, registration_id FROM registration_state
              WHERE province_code = {province:String}
                AND (({district:String} != '' AND (has(allocations.district_code, {district:String})
                         OR hasAny(schedules.site_id, (SELECT groupArray(id) FROM ref_facility FINAL WHERE district_code = {district:String}))))
                  OR ({facility:String} != '' AND has(schedules.site_id, {facility:String}))))`)}
)
WHERE ({facility:String} = '' OR site_id = {facility:String})
  AND ({district:String} = '' OR if(empty(allocations),
          site_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}),
          allocations[-1].district_code = {district:String}))
GROUP BY GROUPING SETS ((stage), (is_open))
`;

interface Row {
	row_stage: string;
	registrations: string;
	under_1d: string;
	from_1_to_3d: string;
	from_3_to_7d: string;
	over_7d: string;
	median_wait_ms: number | null;
}

const noWaits = (): Waits => ({ registrations: 0, under1d: 0, from1to3d: 0, from3to7d: 0, over7d: 0, medianWaitMs: null });

export async function registrationBacklog(client: ClickHouseClient, scope: Scope, asOf: number): Promise<RegistrationBacklog> {
	const rows = await selectRows<Row>(client, needsFacilityGrain(scope) ? FACILITY_GRAIN : PROVINCE_GRAIN, { ...scopeParams(scope), asOf });
	const result: RegistrationBacklog = {
		stages: Object.fromEntries(OPEN_STAGES.map((s) => [s, noWaits()])) as Record<OpenStage, Waits>,
		open: noWaits(),
		closed: { vaccinated: 0, cancelled: 0, no_show: 0 }
	};
	for (const row of rows) {
		const waits: Waits = {
			registrations: Number(row.registrations),
			under1d: Number(row.under_1d),
			from1to3d: Number(row.from_1_to_3d),
			from3to7d: Number(row.from_3_to_7d),
			over7d: Number(row.over_7d),
			medianWaitMs: row.median_wait_ms === null || Number.isNaN(Number(row.median_wait_ms)) ? null : Number(row.median_wait_ms)
		};
		if (row.row_stage === 'open') result.open = waits;
		else if ((OPEN_STAGES as readonly string[]).includes(row.row_stage)) result.stages[row.row_stage as OpenStage] = waits;
		else if ((CLOSED_STAGES as readonly string[]).includes(row.row_stage)) result.closed[row.row_stage as ClosedStage] = waits.registrations;
	}
	return result;
}

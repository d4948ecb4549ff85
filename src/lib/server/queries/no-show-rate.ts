// No-show rate of a scope as of an instant: per local day of the last N days (the as-of day last), the slots that came
// due that day (a registration's latest slot as of T, passed by T, not cancelled before it) and how many of them are
// no-shows (recorded by T, no check-in); and the rate over the 7 whole days before T's day, since a day's no-shows are
// recorded at its end. Slots count on their own day, in the district and at the site of the registration
// (clickhouse/0006_registration_rollups.sql). Reads registration_state (a no-show event names neither slot nor site):
// the registrations with a slot in the window, found by its skip index, with all their rows.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { scopeParams, type Scope } from './scope.ts';

export interface NoShowCount {
	due: number;
	noShows: number;
	/** noShows / due, null when nothing was due. */
	rate: number | null;
}

export interface NoShowDay extends NoShowCount {
	/** YYYY-MM-DD, local. */
	day: string;
	/** False for T's own day: its slots are still coming due and its no-shows come in the evening. */
	complete: boolean;
}

export interface NoShowRate {
	/** Oldest first, every day present. */
	days: NoShowDay[];
	/** The 7 days before T's day. */
	sevenDay: NoShowCount;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day - {days:UInt16} + 1, 'Asia/Ho_Chi_Minh') AS window_start
SELECT toString(slot_day) AS day, count() AS due, countIf(no_show) AS no_shows
FROM (
    SELECT
        schedules[-1].slot_start AS slot_start,
        toDate(slot_start, 'Asia/Ho_Chi_Minh') AS slot_day,
        schedules[-1].site_id AS site_id,
        allocations,
        no_show_at < until AND NOT ifNull(checked_in_at < until, false) AS no_show,
        ifNull(cancelled_at < slot_start, false) AS freed
    FROM (
        SELECT
            min(checked_in_at) AS checked_in_at,
            min(cancelled_at) AS cancelled_at,
            min(no_show_at) AS no_show_at,
            arraySort(arrayFilter(a -> a.at < until, groupArrayArray(registration_state.allocations))) AS allocations,
            arraySort(arrayFilter(s -> s.at < until, groupArrayArray(registration_state.schedules))) AS schedules
        FROM registration_state
        WHERE ({province:String} = '' OR province_code = {province:String})
          AND (province_code, registration_id) IN (
              SELECT province_code, registration_id FROM registration_state
              WHERE ({province:String} = '' OR province_code = {province:String}) AND slots_to >= window_start AND slots_from < until)
        GROUP BY province_code, registration_id
        HAVING notEmpty(schedules)
    )
)
WHERE slot_start < until
  AND slot_start >= window_start
  AND NOT freed
  AND ({facility:String} = '' OR site_id = {facility:String})
  AND ({district:String} = '' OR if(empty(allocations),
          site_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}),
          allocations[-1].district_code = {district:String}))
GROUP BY slot_day
`;

interface Row {
	day: string;
	due: string;
	no_shows: string;
}

const DAY_MS = 86_400_000;
const localDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
const withRate = (due: number, noShows: number): NoShowCount => ({ due, noShows, rate: due > 0 ? noShows / due : null });

export async function noShowRate(client: ClickHouseClient, scope: Scope, asOf: number, days = 14): Promise<NoShowRate> {
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf, days: windowDays(days) });
	return noShowRateOf(new Map(rows.map((r) => [r.day, { due: Number(r.due), noShows: Number(r.no_shows) }])), asOf, days);
}

/** The days read for `days` days shown: the 7-day rate needs the 7 days before T's day, whatever the number shown. */
export const windowDays = (days: number) => Math.max(days, 8);

/** The answer as of `asOf` from the slots due and no-shows of each local day (YYYY-MM-DD; a day absent had none). */
export function noShowRateOf(byDay: ReadonlyMap<string, { due: number; noShows: number }>, asOf: number, days: number): NoShowRate {
	const count = (day: string) => {
		const c = byDay.get(day);
		return withRate(c?.due ?? 0, c?.noShows ?? 0);
	};
	const today = localDay(asOf);
	const shown: NoShowDay[] = [];
	for (let i = days - 1; i >= 0; i--) {
		const day = localDay(asOf - i * DAY_MS);
		shown.push({ day, ...count(day), complete: day !== today });
	}
	let due = 0;
	let noShows = 0;
	for (let i = 1; i <= 7; i++) {
		const c = count(localDay(asOf - i * DAY_MS));
		due += c.due;
		noShows += c.noShows;
	}
	return { days: shown, sevenDay: withRate(due, noShows) };
}

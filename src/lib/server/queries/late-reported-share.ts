// Late-reported share, as of an instant: per local day of the last N days (the as-of day last, up to the instant)
// and per event family, the events that reached the MCC more than a threshold after they happened
// (ingested_at − occurred_at), out of all events of that day. Events count on their event day, as everywhere, so a
// day's share grows as its late events arrive. District and site scopes see only the families sent by sites
// (visit, stock, coldchain): registration and verification come from national channels and name no site.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { needsFacilityGrain, scopeParams, type Scope } from './scope.ts';

/** The lateness buckets of late_events_* (0007): a threshold must be one of them. */
export const LATENESS_THRESHOLDS_MINUTES = [1, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 10080] as const;
export type LatenessThreshold = (typeof LATENESS_THRESHOLDS_MINUTES)[number];

export const FAMILIES = ['registration', 'visit', 'stock', 'coldchain', 'verification'] as const;
export type EventFamily = (typeof FAMILIES)[number];

export interface LateCount {
	events: number;
	late: number;
	/** late / events, null without events. */
	share: number | null;
}

export interface LateReportedDay extends LateCount {
	/** YYYY-MM-DD, local. */
	day: string;
	byFamily: Record<EventFamily, LateCount>;
}

const AS_OF = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start`;

const AREA_FILTER = `({province:String} = '' OR province_code = {province:String})`;

const FACILITY_FILTER = `province_code = {province:String}
      AND ({facility:String} = '' OR facility_id = {facility:String})
      AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))`;

/** Whole days before the as-of day from the day rollup, the as-of day from the minute rollup, both per facility. */
const grainSql = (filter: string) => `${AS_OF}
SELECT toString(day) AS on_day, family, sum(events) AS all_events, sumIf(events, late_over_minutes >= {lateMinutes:UInt16}) AS late_events
FROM (
    SELECT day, family, late_over_minutes, events FROM late_events_facility_day
    WHERE ${filter} AND day >= as_of_day - {days:UInt16} + 1 AND day < as_of_day
    UNION ALL
    SELECT as_of_day AS day, family, late_over_minutes, events FROM late_events_facility_minute
    WHERE ${filter} AND minute >= day_start AND minute < until
)
GROUP BY on_day, family
`;
/** The country or a province: every facility's rows, the national channels' (facility '') included (0013). */
const AREA_SQL = grainSql(AREA_FILTER);
const FACILITY_SQL = grainSql(FACILITY_FILTER);

interface Row {
	on_day: string;
	family: EventFamily;
	all_events: string;
	late_events: string;
}

const DAY_MS = 86_400_000;
const localDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
const emptyCount = (): LateCount => ({ events: 0, late: 0, share: null });
function setShare(c: LateCount): void {
	c.share = c.events > 0 ? c.late / c.events : null;
}

/** Every day of the window, oldest first, with zeros where nothing happened. */
export async function lateReportedShare(client: ClickHouseClient, scope: Scope, asOf: number, lateMinutes: LatenessThreshold = 60, days = 7): Promise<LateReportedDay[]> {
	if (!LATENESS_THRESHOLDS_MINUTES.includes(lateMinutes)) throw new RangeError(`lateMinutes must be one of ${LATENESS_THRESHOLDS_MINUTES.join(', ')} (got ${lateMinutes})`);
	const rows = await selectRows<Row>(client, needsFacilityGrain(scope) ? FACILITY_SQL : AREA_SQL, { ...scopeParams(scope), asOf, lateMinutes, days });
	const byDay = new Map<string, LateReportedDay>();
	for (let i = days - 1; i >= 0; i--) {
		const day = localDay(asOf - i * DAY_MS);
		byDay.set(day, { day, ...emptyCount(), byFamily: Object.fromEntries(FAMILIES.map((f) => [f, emptyCount()])) as Record<EventFamily, LateCount> });
	}
	for (const row of rows) {
		const day = byDay.get(row.on_day)!;
		const events = Number(row.all_events);
		const late = Number(row.late_events);
		day.events += events;
		day.late += late;
		day.byFamily[row.family].events += events;
		day.byFamily[row.family].late += late;
	}
	for (const day of byDay.values()) {
		setShare(day);
		Object.values(day.byFamily).forEach(setShare);
	}
	return [...byDay.values()];
}

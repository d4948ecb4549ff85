// Silent sites, as seen at an instant T during session hours: sites in session that day (at least one person checked
// in) whose last visit event is more than N minutes older than T. Only events the MCC had received by T count
// (ingested_at before the end of T's minute), both for "in session" and for the last event: a site that held its
// events and uploaded them later was silent at T, and replaying T must show it so, although its events, by event
// time, fill the gap. (So a site whose whole day arrives in the evening is never listed: nothing said it was open.)
// Outside session hours the list is empty. Oldest silence first.
// Reads visit_arrivals_facility_minute (0007), not the step rollups, which have no receipt time.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { scopeParams, type Scope } from './scope.ts';

export interface SilentSite {
	provinceCode: string;
	facilityId: string;
	/** Start of the minute of its last visit event received by T (epoch ms). */
	lastEventAt: number;
	/** Whole minutes from that minute to T's. */
	silentMinutes: number;
	/** People checked in so far that day (received by T). */
	checkedIn: number;
}

export interface SilentSitesOptions {
	/** Listed when silent for more than this many minutes; default 30. */
	silentMinutes?: number;
	/** Session hours, local time, as minutes after midnight; default 07:30–17:00. */
	sessionStartMinute?: number;
	sessionEndMinute?: number;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) AS as_of_minute,
     as_of_minute + INTERVAL 1 MINUTE AS until,
     toDateTime(toDate(as_of, 'Asia/Ho_Chi_Minh'), 'Asia/Ho_Chi_Minh') AS day_start,
     dateDiff('minute', day_start, as_of_minute) AS minute_of_day
SELECT province_code, facility_id, toUnixTimestamp(max(minute)) * 1000 AS last_event_ms,
       dateDiff('minute', max(minute), as_of_minute) AS silent_minutes, sum(checked_in) AS checked_in_today
FROM visit_arrivals_facility_minute
WHERE minute_of_day >= {sessionStartMinute:UInt16} AND minute_of_day < {sessionEndMinute:UInt16}
  AND minute >= day_start AND minute < until AND received_minute < until
  AND ({province:String} = '' OR province_code = {province:String})
  AND ({facility:String} = '' OR facility_id = {facility:String})
  AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
GROUP BY province_code, facility_id
HAVING checked_in_today > 0 AND silent_minutes > {silentMinutes:UInt16}
ORDER BY silent_minutes DESC, facility_id
`;

interface Row {
	province_code: string;
	facility_id: string;
	last_event_ms: string;
	silent_minutes: string;
	checked_in_today: string;
}

export async function silentSites(client: ClickHouseClient, scope: Scope, asOf: number, options: SilentSitesOptions = {}): Promise<SilentSite[]> {
	const { silentMinutes = 30, sessionStartMinute = 7.5 * 60, sessionEndMinute = 17 * 60 } = options;
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf, silentMinutes, sessionStartMinute, sessionEndMinute });
	return rows.map((r) => ({
		provinceCode: r.province_code,
		facilityId: r.facility_id,
		lastEventAt: Number(r.last_event_ms),
		silentMinutes: Number(r.silent_minutes),
		checkedIn: Number(r.checked_in_today)
	}));
}

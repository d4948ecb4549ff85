// No-show rate of every province as of an instant, in one query: for each, what noShowRate (no-show-rate.ts) answers
// at its province scope (the same slots, days and 7-day rate), for the alert engine's no-show rule, which looks at
// every province on each of its slower passes. Reads registration_state as noShowRate does at national scope (the
// registrations with a slot in the window, with all their rows), once for the nation instead of once per province.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { PROVINCES } from '../../reference/provinces.ts';
import { noShowRateOf, windowDays, type NoShowRate } from './no-show-rate.ts';

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day - {days:UInt16} + 1, 'Asia/Ho_Chi_Minh') AS window_start
SELECT toString(province_code) AS province_code, toString(slot_day) AS day, count() AS due, countIf(no_show) AS no_shows
FROM (
    SELECT
        province_code,
        schedules[-1].slot_start AS slot_start,
        toDate(slot_start, 'Asia/Ho_Chi_Minh') AS slot_day,
        no_show_at < until AND NOT ifNull(checked_in_at < until, false) AS no_show,
        ifNull(cancelled_at < slot_start, false) AS freed
    FROM (
        SELECT
            province_code,
            min(checked_in_at) AS checked_in_at,
            min(cancelled_at) AS cancelled_at,
            min(no_show_at) AS no_show_at,
            arraySort(arrayFilter(s -> s.at < until, groupArrayArray(registration_state.schedules))) AS schedules
        FROM registration_state
        WHERE (province_code, registration_id) IN (
              SELECT province_code, registration_id FROM registration_state
              WHERE slots_to >= window_start AND slots_from < until)
        GROUP BY province_code, registration_id
        HAVING notEmpty(schedules)
    )
)
WHERE slot_start < until
  AND slot_start >= window_start
  AND NOT freed
GROUP BY province_code, slot_day
`;

interface Row {
	province_code: string;
	day: string;
	due: string;
	no_shows: string;
}

/** By province code: all 63 provinces (nothing due where no slot came due), and any other code the data holds. */
export async function noShowRateByProvince(client: ClickHouseClient, asOf: number, days = 14): Promise<Map<string, NoShowRate>> {
	const rows = await selectRows<Row>(client, SQL, { asOf, days: windowDays(days) });
	const byProvince = new Map<string, Map<string, { due: number; noShows: number }>>(PROVINCES.map((p) => [p.code, new Map()]));
	for (const r of rows) {
		const byDay = byProvince.get(r.province_code) ?? byProvince.set(r.province_code, new Map()).get(r.province_code)!;
		byDay.set(r.day, { due: Number(r.due), noShows: Number(r.no_shows) });
	}
	return new Map([...byProvince].map(([code, byDay]) => [code, noShowRateOf(byDay, asOf, days)]));
}

// People waiting too long at given sites, as of an instant: checked in more than `queueMinutes` ago (and less than
// `giveUpMinutes`) and neither injected nor turned away since. Read from raw_visit for the few sites the flows point
// at (ordered by province, facility, time: short ranges), because only a visit's own events tell how long its person
// has waited. The contract has no "left" event: a person passed over — someone who checked in more than half an hour
// after them has been injected — has gone home, and is not counted.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until
SELECT facility,
       countIf(NOT served AND checked_in_at < until - INTERVAL {queueMinutes:UInt16} MINUTE AND checked_in_at >= last_served - INTERVAL 30 MINUTE) AS waiting_long,
       toUnixTimestamp64Milli(minIf(checked_in_at, NOT served AND checked_in_at >= last_served - INTERVAL 30 MINUTE)) AS oldest
FROM (
    SELECT *, max(if(served, checked_in_at, toDateTime64(0, 3, 'UTC'))) OVER (PARTITION BY facility) AS last_served
    FROM (
    SELECT facility_id AS facility, visit_id,
           minIf(occurred_at, type = 'visit.checked_in') AS checked_in_at,
           countIf(type = 'visit.injected' OR (type = 'visit.screened' AND outcome != 'eligible')) > 0 AS served
    FROM raw_visit
    WHERE province_code IN {provinces:Array(String)} AND facility_id IN {facilities:Array(String)}
      AND occurred_at >= until - INTERVAL {giveUpMinutes:UInt16} MINUTE AND occurred_at < until
    GROUP BY facility, visit_id
    HAVING countIf(type = 'visit.checked_in') > 0
    )
)
GROUP BY facility
HAVING waiting_long > 0
`;

/** Facility → people waiting longer than `queueMinutes` (and since when the oldest waits). */
export async function queueWaits(
	client: ClickHouseClient,
	sites: readonly { province: string; facility: string }[],
	asOf: number,
	queueMinutes: number,
	giveUpMinutes: number
): Promise<Map<string, { waitingLong: number; oldest: number }>> {
	if (sites.length === 0) return new Map();
	const rows = await selectRows<{ facility: string; waiting_long: string; oldest: string }>(client, SQL, {
		provinces: [...new Set(sites.map((s) => s.province))],
		facilities: sites.map((s) => s.facility),
		asOf,
		queueMinutes,
		giveUpMinutes
	});
	return new Map(rows.map((r) => [r.facility, { waitingLong: Number(r.waiting_long), oldest: Number(r.oldest) }]));
}

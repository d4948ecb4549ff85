// The newest minute with a visit event, as of an instant, per province: how fresh each place's numbers are in
// event time (a site that went quiet, or a backfill still arriving, shows here).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until
SELECT province_code AS province, toUnixTimestamp(max(minute)) * 1000 AS latest
FROM visit_steps_province_minute
WHERE minute < until AND minute >= until - INTERVAL {lookbackDays:UInt16} DAY
GROUP BY province
`;

/** Province code → epoch ms of its newest visit minute, within the last `lookbackDays` days. */
export async function latestActivity(client: ClickHouseClient, asOf: number, lookbackDays = 7): Promise<Map<string, number>> {
	const rows = await selectRows<{ province: string; latest: string }>(client, SQL, { asOf, lookbackDays });
	return new Map(rows.map((r) => [r.province, Number(r.latest)]));
}

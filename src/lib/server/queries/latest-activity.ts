// The newest minute with a visit event, as of an instant, per province: how fresh each place's numbers are in
// event time (a site that went quiet, or a backfill still arriving, shows here). One scan of the multi-grain
// rollup of newest minutes (clickhouse/0010): whole days, the as-of day's hours, the minutes of its hour.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { GRAIN_BOUNDS, TODAY } from './grains.ts';

const SQL = `
WITH ${GRAIN_BOUNDS}
SELECT province_code AS province, toUnixTimestamp(max(latest)) * 1000 AS latest
FROM visit_latest_province_grains
WHERE (grain = 'day' AND bucket >= toDateTime(as_of_day - {days:UInt16}, 'Asia/Ho_Chi_Minh') AND bucket < day_start) OR ${TODAY}
GROUP BY province
`;

/** Province code → epoch ms of its newest visit minute, on the as-of day or the `lookbackDays` local days before. */
export async function latestActivity(client: ClickHouseClient, asOf: number, lookbackDays = 7): Promise<Map<string, number>> {
	const rows = await selectRows<{ province: string; latest: string }>(client, SQL, { asOf, days: lookbackDays });
	return new Map(rows.map((r) => [r.province, Number(r.latest)]));
}

// Doses per province on the latest campaign day (local UTC+7), largest first: the "who is moving today" list.
import type { ClickHouseClient } from '../clickhouse/client.ts';

export interface ProvinceDoses {
	code: string;
	doses: number;
}

const SQL = `
WITH (SELECT max(toDate(occurred_at, 'Asia/Ho_Chi_Minh')) FROM raw_visit WHERE type = 'visit.injected') AS latest_day
SELECT province_code AS code, count() AS doses
FROM raw_visit
WHERE type = 'visit.injected'
  AND occurred_at >= toDateTime64(toDateTime(latest_day, 'Asia/Ho_Chi_Minh'), 3, 'UTC')
  AND toDate(occurred_at, 'Asia/Ho_Chi_Minh') = latest_day
GROUP BY province_code
ORDER BY doses DESC, code
LIMIT {limit:UInt32}
`;

export async function provinceDosesLatestDay(client: ClickHouseClient, limit = 10): Promise<ProvinceDoses[]> {
	const rows = await (await client.query({ query: SQL, query_params: { limit }, format: 'JSONEachRow' })).json<{ code: string; doses: string }>();
	return rows.map((r) => ({ code: r.code, doses: Number(r.doses) }));
}

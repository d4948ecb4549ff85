// Per province, as of an instant: people screened and deferred on the as-of day so far, and over the 7 full days
// before it — for the rule "deferral rate above twice its 7-day rate".
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';

export interface DeferralRate {
	province: string;
	screenedToday: number;
	deferredToday: number;
	screened7Days: number;
	deferred7Days: number;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start
SELECT province_code AS province,
       sumIf(n, today) AS screened_today, sumIf(n, today AND outcome = 'deferred') AS deferred_today,
       sumIf(n, NOT today) AS screened_7, sumIf(n, NOT today AND outcome = 'deferred') AS deferred_7
FROM (
    SELECT province_code, outcome, n, 0 AS today FROM visit_steps_province_day
    WHERE step = 'screened' AND day >= as_of_day - 7 AND day < as_of_day
    UNION ALL
    SELECT province_code, outcome, n, 1 AS today FROM visit_steps_province_minute
    WHERE step = 'screened' AND minute >= day_start AND minute < until
)
GROUP BY province
ORDER BY province
`;

export async function deferralRates(client: ClickHouseClient, asOf: number): Promise<DeferralRate[]> {
	const rows = await selectRows<{ province: string; screened_today: string; deferred_today: string; screened_7: string; deferred_7: string }>(client, SQL, { asOf });
	return rows.map((r) => ({
		province: r.province,
		screenedToday: Number(r.screened_today),
		deferredToday: Number(r.deferred_today),
		screened7Days: Number(r.screened_7),
		deferred7Days: Number(r.deferred_7)
	}));
}

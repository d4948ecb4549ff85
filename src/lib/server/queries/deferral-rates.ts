// Per province, as of an instant: people screened and deferred on the as-of day so far, and over the 7 full days
// before it — for the rule "deferral rate above twice its 7-day rate".
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { GRAIN_BOUNDS } from './grains.ts';

export interface DeferralRate {
	province: string;
	screenedToday: number;
	deferredToday: number;
	screened7Days: number;
	deferred7Days: number;
}

// One scan of the province step grains (clickhouse/0010): the 7 days before by their hours, T's day by its hours
// and the minutes of its hour.
const SQL = `
WITH ${GRAIN_BOUNDS}
SELECT province_code AS province,
       sumIf(n, today) AS screened_today, sumIf(n, today AND outcome = 'deferred') AS deferred_today,
       sumIf(n, NOT today) AS screened_7, sumIf(n, NOT today AND outcome = 'deferred') AS deferred_7
FROM (
    SELECT province_code, outcome, n, bucket >= day_start AS today FROM visit_steps_province_grains
    WHERE step = 'screened'
      AND ((grain = 'hour' AND bucket >= toDateTime(as_of_day - 7, 'Asia/Ho_Chi_Minh') AND bucket < hour_start)
           OR (grain = 'minute' AND bucket >= hour_start AND bucket < until))
)
GROUP BY province
ORDER BY province
`;

export async function deferralRates(client: ClickHouseClient, asOf: number): Promise<DeferralRate[]> {
	const rows = await selectRows<{ province: string; screened_today: string; deferred_today: string; screened_7: string; deferred_7: string }>(client, SQL, { asOf, days: 0 });
	return rows.map((r) => ({
		province: r.province,
		screenedToday: Number(r.screened_today),
		deferredToday: Number(r.deferred_today),
		screened7Days: Number(r.screened_7),
		deferred7Days: Number(r.deferred_7)
	}));
}

// Minutes from injection to certificate at each of some sites on the as-of day: the median and 90th percentile over the visits
// certified so far, and how many injected visits still wait. Read from raw_visit, which is ordered by
// (province, facility, time): a site's day is a short range, and the lag needs each visit's own two times.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { byUnit, scopeParams } from './scope.ts';

export interface CertificateLag {
	certified: number;
	waiting: number;
	medianMinutes: number | null;
	p90Minutes: number | null;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDateTime(toDate(as_of, 'Asia/Ho_Chi_Minh'), 'Asia/Ho_Chi_Minh') AS day_start
SELECT facility_id AS unit,
       countIf(certified_at IS NOT NULL) AS certified,
       countIf(certified_at IS NULL) AS waiting,
       quantileExactIf(0.5)(lag, certified_at IS NOT NULL) AS median,
       quantileExactIf(0.9)(lag, certified_at IS NOT NULL) AS p90
FROM (
    SELECT facility_id, visit_id,
           minIf(occurred_at, type = 'visit.injected') AS injected_at,
           if(countIf(type = 'visit.certified') > 0, minIf(occurred_at, type = 'visit.certified'), NULL) AS certified_at,
           dateDiff('second', injected_at, assumeNotNull(certified_at)) / 60 AS lag
    FROM raw_visit
    WHERE province_code IN {provinces:Array(String)} AND facility_id IN {facilities:Array(String)}
      AND occurred_at >= day_start AND occurred_at < until AND type IN ('visit.injected', 'visit.certified')
    GROUP BY facility_id, visit_id
    HAVING countIf(type = 'visit.injected') > 0
)
GROUP BY unit
`;

interface Row {
	unit: string;
	certified: string;
	waiting: string;
	median: number;
	p90: number;
}

/** Each site's lag (every site given is in the map). */
export async function certificateLag(client: ClickHouseClient, sites: readonly { province: string; facility: string }[], asOf: number): Promise<Map<string, CertificateLag>> {
	const scope = { level: 'sites', sites } as const;
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf });
	return byUnit(scope, rows, ([row]) => {
		const certified = Number(row?.certified ?? 0);
		return {
			certified,
			waiting: Number(row?.waiting ?? 0),
			medianMinutes: certified > 0 ? Number(row.median) : null,
			p90Minutes: certified > 0 ? Number(row.p90) : null
		};
	});
}

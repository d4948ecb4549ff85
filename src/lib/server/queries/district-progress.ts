// Per district of some provinces, as of an instant: doses, first doses and completed series so far, today's doses and
// doses on each of the 7 full days before (for the pace). From the per-facility multi-grain injections rollup, in one scan: a dose counts in
// the district of the site that gave it; doses of sites unknown to the reference count under district '', so that
// the rows add up to the province's doses (its snapshot sums them instead of asking again).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { foldDaysAgo, type CoverageCounts, type DaysAgoRow } from './coverage.ts';
import { DAYS_AGO, GRAIN_BOUNDS, SO_FAR } from './grains.ts';
import { primaryDoses } from './vaccine-doses.ts';

export interface DistrictProgressRow {
	province: string;
	district: string;
	total: CoverageCounts;
	today: CoverageCounts;
	last7Days: CoverageCounts[];
}

const SQL = `
WITH ${GRAIN_BOUNDS}
SELECT d.province_code AS province, f.district_code AS district,
       least(8, ${DAYS_AGO}) AS days_ago,
       sum(n) AS doses,
       sumIf(n, dose_number = 1) AS at_least_one,
       sumIf(n, dose_number = {primaryDoses:Map(String, UInt8)}[vaccine]) AS full,
       sumIf(n, dose_number = {primaryDoses:Map(String, UInt8)}[vaccine] + 1) AS boosted
FROM injections_facility_grains AS d
LEFT JOIN (SELECT id, district_code FROM ref_facility FINAL WHERE deleted = 0 AND province_code IN {provinces:Array(String)}) AS f ON f.id = d.facility_id
WHERE d.province_code IN {provinces:Array(String)} AND ${SO_FAR}
GROUP BY province, district, days_ago
ORDER BY province, district, days_ago
`;

interface Row extends DaysAgoRow {
	province: string;
	district: string;
}

export async function districtProgress(client: ClickHouseClient, provinces: readonly string[], asOf: number): Promise<DistrictProgressRow[]> {
	const rows = await selectRows<Row>(client, SQL, { provinces, asOf, days: 7, primaryDoses: await primaryDoses(client) });
	return [...Map.groupBy(rows, (r) => `${r.province}:${r.district}`).values()].map((mine) => ({ province: mine[0].province, district: mine[0].district, ...foldDaysAgo(mine) }));
}

// Per province, as of an instant: doses, people with ≥ 1 dose, fully vaccinated and boosted so far, and the same for
// each of the 7 full days before the as-of day and for the as-of day itself — what the national screen needs for
// coverage, today's doses, the 7-day pace and the required pace, in one scan of the multi-grain injections rollup.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { foldDaysAgo, type CoverageCounts, type DaysAgoRow } from './coverage.ts';
import { DAYS_AGO, GRAIN_BOUNDS, SO_FAR } from './grains.ts';
import { primaryDoses } from './vaccine-doses.ts';

export interface ProvinceProgressRow {
	province: string;
	/** Everything up to the as-of instant. */
	total: CoverageCounts;
	/** The 7 full days before the as-of day, oldest first (days without doses count 0). */
	last7Days: CoverageCounts[];
	/** The as-of day, up to the as-of instant. */
	today: CoverageCounts;
}

const SQL = `
WITH ${GRAIN_BOUNDS}
SELECT province_code AS province,
       least(8, ${DAYS_AGO}) AS days_ago,
       sum(n) AS doses,
       sumIf(n, dose_number = 1) AS at_least_one,
       sumIf(n, dose_number = {primaryDoses:Map(String, UInt8)}[vaccine]) AS full,
       sumIf(n, dose_number = {primaryDoses:Map(String, UInt8)}[vaccine] + 1) AS boosted
FROM injections_province_grains
WHERE ${SO_FAR} AND ({province:String} = '' OR province_code = {province:String})
GROUP BY province, days_ago
ORDER BY province, days_ago
`;

interface Row extends DaysAgoRow {
	province: string;
}

/** Every province with doses, or only `province`. */
export async function provinceProgress(client: ClickHouseClient, asOf: number, province = ''): Promise<ProvinceProgressRow[]> {
	const rows = await selectRows<Row>(client, SQL, { asOf, province, days: 7, primaryDoses: await primaryDoses(client) });
	return [...Map.groupBy(rows, (r) => r.province)].map(([province, mine]) => ({ province, ...foldDaysAgo(mine) }));
}

// Per province, as of an instant: doses, people with ≥ 1 dose, fully vaccinated and boosted so far, and the same for
// each of the 7 full days before the as-of day and for the as-of day itself — what the national screen needs for
// coverage, today's doses, the 7-day pace and the required pace, in one pass over the province-grain step rollups
// (their injections by vaccine and dose: far fewer rows than the coverage rollups, which also keep age and group).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { foldDaysAgo, type CoverageCounts, type DaysAgoRow } from './coverage.ts';

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
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start
SELECT province_code AS province,
       toInt32(as_of_day - d.bucket_day) AS days_ago,
       sum(n) AS doses,
       sumIf(n, dose_number = 1) AS at_least_one,
       sumIf(n, dose_number = v.primary_doses) AS full,
       sumIf(n, dose_number = v.primary_doses + 1) AS boosted
FROM (
    SELECT province_code, if(day < as_of_day - 7, as_of_day - 8, day) AS bucket_day, vaccine, dose_number, sum(n) AS n
    FROM visit_steps_province_day WHERE ({province:String} = '' OR province_code = {province:String}) AND step = 'injected' AND day < as_of_day
    GROUP BY province_code, bucket_day, vaccine, dose_number
    UNION ALL
    SELECT province_code, as_of_day AS bucket_day, vaccine, dose_number, sum(n) AS n
    FROM visit_steps_province_minute WHERE ({province:String} = '' OR province_code = {province:String}) AND step = 'injected' AND minute >= day_start AND minute < until
    GROUP BY province_code, vaccine, dose_number
) AS d
LEFT JOIN (SELECT code, primary_doses FROM ref_vaccine FINAL WHERE deleted = 0) AS v ON v.code = d.vaccine
GROUP BY province, days_ago
ORDER BY province, days_ago
`;

interface Row extends DaysAgoRow {
	province: string;
}

/** Every province with doses, or only `province`. */
export async function provinceProgress(client: ClickHouseClient, asOf: number, province = ''): Promise<ProvinceProgressRow[]> {
	const rows = await selectRows<Row>(client, SQL, { asOf, province });
	return [...Map.groupBy(rows, (r) => r.province)].map(([province, mine]) => ({ province, ...foldDaysAgo(mine) }));
}

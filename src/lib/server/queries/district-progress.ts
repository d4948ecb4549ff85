// Per district of a province, as of an instant: doses, first doses and completed series so far, today's doses and
// doses on each of the 7 full days before (for the pace). From the facility-grain step rollups: a dose counts in
// the district of the site that gave it.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { foldDaysAgo, type CoverageCounts, type DaysAgoRow } from './coverage.ts';

export interface DistrictProgressRow {
	district: string;
	total: CoverageCounts;
	today: CoverageCounts;
	last7Days: CoverageCounts[];
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start
SELECT f.district_code AS district,
       toInt32(as_of_day - d.bucket_day) AS days_ago,
       sum(n) AS doses,
       sumIf(n, dose_number = 1) AS at_least_one,
       sumIf(n, dose_number = v.primary_doses) AS full,
       sumIf(n, dose_number = v.primary_doses + 1) AS boosted
FROM (
    SELECT facility_id, if(day < as_of_day - 7, as_of_day - 8, day) AS bucket_day, vaccine, dose_number, sum(n) AS n
    FROM visit_steps_facility_day WHERE province_code = {province:String} AND step = 'injected' AND day < as_of_day
    GROUP BY facility_id, bucket_day, vaccine, dose_number
    UNION ALL
    SELECT facility_id, as_of_day AS bucket_day, vaccine, dose_number, sum(n) AS n
    FROM visit_steps_facility_minute WHERE province_code = {province:String} AND step = 'injected' AND minute >= day_start AND minute < until
    GROUP BY facility_id, vaccine, dose_number
) AS d
JOIN (SELECT id, district_code FROM ref_facility FINAL WHERE deleted = 0 AND province_code = {province:String}) AS f ON f.id = d.facility_id
LEFT JOIN (SELECT code, primary_doses FROM ref_vaccine FINAL WHERE deleted = 0) AS v ON v.code = d.vaccine
GROUP BY district, days_ago
ORDER BY district, days_ago
`;

interface Row extends DaysAgoRow {
	district: string;
}

export async function districtProgress(client: ClickHouseClient, province: string, asOf: number): Promise<DistrictProgressRow[]> {
	const rows = await selectRows<Row>(client, SQL, { province, asOf });
	return [...Map.groupBy(rows, (r) => r.district)].map(([district, mine]) => ({ district, ...foldDaysAgo(mine) }));
}

// Per province, as of an instant: doses, people with ≥ 1 dose, fully vaccinated and boosted so far, and the same for
// each of the 7 full days before the as-of day and for the as-of day itself — what the national screen needs for
// coverage, today's doses, the 7-day pace and the required pace, in one pass over the province-grain step rollups
// (their injections by vaccine and dose: far fewer rows than the coverage rollups, which also keep age and group).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import type { CoverageCounts } from './coverage.ts';

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

interface Row {
	province: string;
	/** 0 = the as-of day, 1..7 = the days before it, 8 = everything older. */
	days_ago: number;
	doses: string;
	at_least_one: string;
	full: string;
	boosted: string;
}

const zero = (): CoverageCounts => ({ doses: 0, atLeastOne: 0, full: 0, boosted: 0 });

/** Every province with doses, or only `province`. */
export async function provinceProgress(client: ClickHouseClient, asOf: number, province = ''): Promise<ProvinceProgressRow[]> {
	const rows = await selectRows<Row>(client, SQL, { asOf, province });
	const byProvince = new Map<string, ProvinceProgressRow>();
	for (const row of rows) {
		let p = byProvince.get(row.province);
		if (!p) byProvince.set(row.province, (p = { province: row.province, total: zero(), last7Days: Array.from({ length: 7 }, zero), today: zero() }));
		const counts: CoverageCounts = { doses: Number(row.doses), atLeastOne: Number(row.at_least_one), full: Number(row.full), boosted: Number(row.boosted) };
		for (const key of ['doses', 'atLeastOne', 'full', 'boosted'] as const) p.total[key] += counts[key];
		const ago = Number(row.days_ago);
		if (ago === 0) p.today = counts;
		else if (ago <= 7) p.last7Days[7 - ago] = counts;
	}
	return [...byProvince.values()];
}

// Impossible rates, as of an instant: sites whose doses in a clock hour of the as-of day (local; the hour in progress
// counts up to the instant) exceed a threshold per injection table (ref_facility.tables), a sign of records entered
// in bulk with wrong times, or of a wrong table count. A site unknown to ref_facility, or with no table, is listed
// for any dose (rate null). Highest rate first.
// Reads visit_arrivals_facility_minute (0007), whose minute-first order reads just the day of an area; it holds the
// same injections as the step rollups, counted by event time whenever they arrived.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { scopeParams, type Scope } from './scope.ts';

export interface ImpossibleRate {
	provinceCode: string;
	facilityId: string;
	/** Start of the clock hour (epoch ms). */
	hour: number;
	doses: number;
	tables: number;
	/** Doses per table in that hour; null without tables. */
	dosesPerTable: number | null;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDateTime(toDate(as_of, 'Asia/Ho_Chi_Minh'), 'Asia/Ho_Chi_Minh') AS day_start
SELECT s.province_code AS province_code, s.facility_id AS facility_id, toUnixTimestamp(s.hour) * 1000 AS hour_ms,
       s.doses AS doses, f.tables AS tables
FROM (
    SELECT province_code, facility_id, toStartOfHour(minute, 'Asia/Ho_Chi_Minh') AS hour, sum(injected) AS doses
    FROM visit_arrivals_facility_minute
    WHERE minute >= day_start AND minute < until
      AND ({province:String} = '' OR province_code = {province:String})
      AND ({facility:String} = '' OR facility_id = {facility:String})
      AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
    GROUP BY province_code, facility_id, hour
) AS s
LEFT JOIN (SELECT id, tables FROM ref_facility FINAL) AS f ON f.id = s.facility_id
WHERE s.doses > {maxDosesPerTableHour:Float64} * f.tables
ORDER BY f.tables = 0 DESC, s.doses / f.tables DESC, s.facility_id, s.hour
`;

interface Row {
	province_code: string;
	facility_id: string;
	hour_ms: string;
	doses: string;
	tables: number;
}

export async function impossibleRates(client: ClickHouseClient, scope: Scope, asOf: number, maxDosesPerTableHour = 40): Promise<ImpossibleRate[]> {
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf, maxDosesPerTableHour });
	return rows.map((r) => {
		const doses = Number(r.doses);
		const tables = Number(r.tables);
		return { provinceCode: r.province_code, facilityId: r.facility_id, hour: Number(r.hour_ms), doses, tables, dosesPerTable: tables > 0 ? doses / tables : null };
	});
}

// People whose second dose came before its vaccine's minimum interval (ref_vaccine.min_interval_days) after their first
// dose, as of an instant: the earliest second dose against the earliest first dose, in local calendar days (a second
// dose before the first, a negative interval, is early too; a second dose without a first on record is not listed:
// the first may predate the MCC). Listed in the scope of the site that gave the second dose, most recent first.
// One pass over person_primary_doses (0007) picks the people, from their earliest doses; the doses themselves come
// from person_injections. The pass reads everybody whatever the scope: ~3 s of CPU for 6 M people.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { scopeParams, type Scope } from './scope.ts';
import type { RecordedDose } from './duplicate-first-doses.ts';

export interface EarlySecondDose {
	citizenHash: string;
	firstDose: RecordedDose;
	secondDose: RecordedDose;
	intervalDays: number;
	minIntervalDays: number;
}

export interface EarlySecondDoses {
	/** People given their second dose early in the scope (all of them, whatever the limit). */
	people: number;
	list: EarlySecondDose[];
}

/** WITH bounds of the early-second-dose queries (this file and early-second-doses-by-province.ts). */
export const EARLY_BOUNDS = `fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     (SELECT mapFromArrays(groupArray(code), groupArray(min_interval_days)) FROM ref_vaccine FINAL WHERE deleted = 0) AS min_interval`;

/** The people whose earliest doses 1 and 2 (person_primary_doses) are closer than the vaccine's minimum interval. */
export const EARLY_PEOPLE = `citizen_hash IN (
    SELECT citizen_hash FROM person_primary_doses FINAL
    WHERE first_dose_at < until AND second_dose_at < until
      AND dateDiff('day', toDate(first_dose_at, 'Asia/Ho_Chi_Minh'), toDate(second_dose_at, 'Asia/Ho_Chi_Minh'))
          < min_interval[finalizeAggregation(second_dose_vaccine)]
)`;

const SQL = `
WITH ${EARLY_BOUNDS},
     (SELECT groupArray(id) FROM ref_facility FINAL WHERE district_code = {district:String}) AS district_facilities
SELECT citizen_hash,
       -- the earliest dose 1 and dose 2: (at ms, vaccine, province_code, facility_id, visit_id)
       argMinIf((toUnixTimestamp64Milli(at), toString(vaccine), toString(province_code), facility_id, visit_id), (at, visit_id), dose_number = 1) AS first,
       argMinIf((toUnixTimestamp64Milli(at), toString(vaccine), toString(province_code), facility_id, visit_id), (at, visit_id), dose_number = 2) AS second,
       dateDiff('day', toDate(fromUnixTimestamp64Milli(first.1), 'Asia/Ho_Chi_Minh'), toDate(fromUnixTimestamp64Milli(second.1), 'Asia/Ho_Chi_Minh')) AS interval_days,
       min_interval[second.2] AS min_interval_days,
       count() OVER () AS people
FROM person_injections
WHERE ${EARLY_PEOPLE}
GROUP BY citizen_hash
HAVING ({province:String} = '' OR second.3 = {province:String})
   AND ({facility:String} = '' OR second.4 = {facility:String})
   AND ({district:String} = '' OR has(district_facilities, second.4))
ORDER BY second.1 DESC, citizen_hash
LIMIT {limit:UInt32}
`;

type DoseTuple = [string, string, string, string, string];

interface Row {
	citizen_hash: string;
	first: DoseTuple;
	second: DoseTuple;
	interval_days: number;
	min_interval_days: number;
	people: string;
}

const dose = ([at, vaccine, provinceCode, facilityId, visitId]: DoseTuple): RecordedDose => ({ at: Number(at), vaccine, provinceCode, facilityId, visitId });

export async function earlySecondDoses(client: ClickHouseClient, scope: Scope, asOf: number, limit = 100): Promise<EarlySecondDoses> {
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf, limit });
	return {
		people: Number(rows[0]?.people ?? 0),
		list: rows.map((r) => ({
			citizenHash: r.citizen_hash,
			firstDose: dose(r.first),
			secondDose: dose(r.second),
			intervalDays: Number(r.interval_days),
			minIntervalDays: Number(r.min_interval_days)
		}))
	};
}

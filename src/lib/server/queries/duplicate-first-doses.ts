// People recorded with more than one first dose, as of an instant: a data-entry fault (wrong dose number) or a person
// vaccinated twice. A person is listed in a scope when at least one of their first doses was given there, with all
// their first doses (so a site sees the other sites involved); most recent duplicate first.
// One pass over person_primary_doses (0007) picks the people with two first doses ever; their doses are read from
// person_injections and cut to the instant. The pass reads everybody whatever the scope: ~1.2 s of CPU for 6 M people.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { scopeParams, type Scope } from './scope.ts';

export interface RecordedDose {
	/** Epoch ms. */
	at: number;
	vaccine: string;
	provinceCode: string;
	facilityId: string;
	visitId: string;
}

export interface DuplicateFirstDoses {
	/** People with more than one first dose, in the scope (all of them, whatever the limit). */
	people: number;
	/** First doses beyond each person's first one (all of them). */
	extraDoses: number;
	/** Up to the limit: the person's keyed hash and first doses, oldest first. */
	list: { citizenHash: string; firstDoses: RecordedDose[] }[];
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     (SELECT groupArray(id) FROM ref_facility FINAL WHERE district_code = {district:String}) AS district_facilities
SELECT citizen_hash,
       -- (at ms, vaccine, province_code, facility_id, visit_id), oldest first
       arraySort(groupArrayIf((toUnixTimestamp64Milli(at), toString(vaccine), toString(province_code), facility_id, visit_id),
                              dose_number = 1 AND at < until)) AS doses,
       count() OVER () AS people,
       sum(length(doses) - 1) OVER () AS extra_doses
FROM person_injections
WHERE citizen_hash IN (SELECT citizen_hash FROM person_primary_doses FINAL WHERE first_doses > 1)
GROUP BY citizen_hash
HAVING length(doses) > 1
   AND arrayExists(d -> ({province:String} = '' OR d.3 = {province:String})
                    AND ({facility:String} = '' OR d.4 = {facility:String})
                    AND ({district:String} = '' OR has(district_facilities, d.4)), doses)
ORDER BY doses[-1].1 DESC, citizen_hash
LIMIT {limit:UInt32}
`;

interface Row {
	citizen_hash: string;
	doses: [string, string, string, string, string][];
	people: string;
	extra_doses: string;
}

export async function duplicateFirstDoses(client: ClickHouseClient, scope: Scope, asOf: number, limit = 100): Promise<DuplicateFirstDoses> {
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf, limit });
	return {
		people: Number(rows[0]?.people ?? 0),
		extraDoses: Number(rows[0]?.extra_doses ?? 0),
		list: rows.map((r) => ({
			citizenHash: r.citizen_hash,
			firstDoses: r.doses.map(([at, vaccine, provinceCode, facilityId, visitId]) => ({ at: Number(at), vaccine, provinceCode, facilityId, visitId }))
		}))
	};
}

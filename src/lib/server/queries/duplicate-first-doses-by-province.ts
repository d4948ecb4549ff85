// People recorded with more than one first dose, per province, as of an instant, in one query: for each province,
// the counts duplicateFirstDoses (duplicate-first-doses.ts) answers at its scope (a person counts in every province
// where one of their first doses was given, with all their first doses), for the alert engine's data-quality rule.
// The same one pass over person_primary_doses (0007) as duplicateFirstDoses, once for the nation instead of once per
// province.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { PROVINCES } from '../../reference/provinces.ts';

export interface ProvinceDuplicateFirstDoses {
	/** People with more than one first dose, one of them given in the province. */
	people: number;
	/** Their first doses beyond each one's first (wherever given). */
	extraDoses: number;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until
SELECT province_code, count() AS people, sum(doses - 1) AS extra_doses
FROM (
    SELECT citizen_hash,
           countIf(dose_number = 1 AND at < until) AS doses,
           groupUniqArrayIf(toString(province_code), dose_number = 1 AND at < until) AS provinces
    FROM person_injections
    WHERE citizen_hash IN (SELECT citizen_hash FROM person_primary_doses FINAL WHERE first_doses > 1)
    GROUP BY citizen_hash
    HAVING doses > 1
)
ARRAY JOIN provinces AS province_code
GROUP BY province_code
`;

interface Row {
	province_code: string;
	people: string;
	extra_doses: string;
}

/** By province code: all 63 provinces (zeros where none), and any other code the data holds. */
export async function duplicateFirstDosesByProvince(client: ClickHouseClient, asOf: number): Promise<Map<string, ProvinceDuplicateFirstDoses>> {
	const rows = await selectRows<Row>(client, SQL, { asOf });
	const byProvince = new Map<string, ProvinceDuplicateFirstDoses>(PROVINCES.map((p) => [p.code, { people: 0, extraDoses: 0 }]));
	for (const r of rows) byProvince.set(r.province_code, { people: Number(r.people), extraDoses: Number(r.extra_doses) });
	return byProvince;
}

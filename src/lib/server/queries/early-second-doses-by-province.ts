// People whose second dose came before its vaccine's minimum interval, per province, as of an instant, in one query:
// for each province, the count earlySecondDoses (early-second-doses.ts) answers at its scope (the province of the
// earliest second dose), for the alert engine's data-quality rule. The same one pass over person_primary_doses (0007)
// as earlySecondDoses, once for the nation instead of once per province.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { PROVINCES } from '../../reference/provinces.ts';
import { EARLY_BOUNDS, EARLY_PEOPLE } from './early-second-doses.ts';

export interface ProvinceEarlySecondDoses {
	/** People given their (earliest) second dose early in the province. */
	people: number;
}

const SQL = `
WITH ${EARLY_BOUNDS}
SELECT second_province AS province_code, count() AS people
FROM (
    SELECT citizen_hash,
           toString(argMinIf(province_code, (at, visit_id), dose_number = 2)) AS second_province
    FROM person_injections
    WHERE ${EARLY_PEOPLE}
    GROUP BY citizen_hash
)
GROUP BY province_code
`;

interface Row {
	province_code: string;
	people: string;
}

/** By province code: all 63 provinces (zeros where none), and any other code the data holds. */
export async function earlySecondDosesByProvince(client: ClickHouseClient, asOf: number): Promise<Map<string, ProvinceEarlySecondDoses>> {
	const rows = await selectRows<Row>(client, SQL, { asOf });
	const byProvince = new Map<string, ProvinceEarlySecondDoses>(PROVINCES.map((p) => [p.code, { people: 0 }]));
	for (const r of rows) byProvince.set(r.province_code, { people: Number(r.people) });
	return byProvince;
}

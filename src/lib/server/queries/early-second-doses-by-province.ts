// People whose second dose came before its vaccine's minimum interval, per province, as of an instant, in one query:
// for each province, the count earlySecondDoses (early-second-doses.ts) answers at its scope (the province of the
// earliest second dose), for the alert engine's data-quality rule. The same one pass over person_primary_doses (0007)
// as earlySecondDoses, once for the nation instead of once per province.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { PROVINCES } from '../../reference/provinces.ts';

export interface ProvinceEarlySecondDoses {
	/** People given their (earliest) second dose early in the province. */
	people: number;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     (SELECT mapFromArrays(groupArray(code), groupArray(min_interval_days)) FROM ref_vaccine FINAL WHERE deleted = 0) AS min_interval
SELECT second_province AS province_code, count() AS people
FROM (
    SELECT citizen_hash,
           toString(argMinIf(province_code, (at, visit_id), dose_number = 2)) AS second_province
    FROM person_injections
    WHERE citizen_hash IN (
        SELECT citizen_hash FROM person_primary_doses FINAL
        WHERE first_dose_at < until AND second_dose_at < until
          AND dateDiff('day', toDate(first_dose_at, 'Asia/Ho_Chi_Minh'), toDate(second_dose_at, 'Asia/Ho_Chi_Minh'))
              < min_interval[finalizeAggregation(second_dose_vaccine)]
    )
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

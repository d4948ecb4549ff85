// Vaccination records checked against the national population database, per province, as of an instant, in one
// query: for each province, what verificationStatus (verification-status.ts) answers at its scope, for the alert
// engine's unverified-records rule. Reads verification_records (0007) record by record (FINAL) as verificationStatus
// does at national scope, once for the nation instead of once per province.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { PROVINCES } from '../../reference/provinces.ts';
import { verificationStatusOf, type VerificationRow, type VerificationStatus } from './verification-status.ts';

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until
SELECT toString(province_code) AS province_code, has_dose, outcome, reason, count() AS records
FROM (
    SELECT province_code,
           ifNull(injected_at < until, 0) AS has_dose,
           multiIf(ifNull(verified_at < until, 0), 'verified', ifNull(rejected_at < until, 0), 'rejected', '') AS outcome,
           if(outcome = 'rejected', finalizeAggregation(rejection_reason), '') AS reason
    FROM verification_records FINAL
)
WHERE has_dose OR outcome != ''
GROUP BY province_code, has_dose, outcome, reason
`;

interface Row extends VerificationRow {
	province_code: string;
}

/** By province code: all 63 provinces (no records where none), and any other code the data holds. */
export async function verificationStatusByProvince(client: ClickHouseClient, asOf: number): Promise<Map<string, VerificationStatus>> {
	const rows = await selectRows<Row>(client, SQL, { asOf });
	const byProvince = new Map<string, Row[]>(PROVINCES.map((p) => [p.code, []]));
	for (const r of rows) (byProvince.get(r.province_code) ?? byProvince.set(r.province_code, []).get(r.province_code)!).push(r);
	return new Map([...byProvince].map(([code, mine]) => [code, verificationStatusOf(mine)]));
}

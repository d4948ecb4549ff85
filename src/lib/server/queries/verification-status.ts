// Vaccination records checked against the national population database, as of an instant: of the records of doses
// given in the scope (one per visit_id with a visit.injected), how many are verified, rejected or not checked yet.
// A verification is final: a record counts as verified from its first record.verified on (a rejected record
// corrected and verified later moves from rejected to verified then); a record rejected and not verified counts
// as rejected from its first record.rejected, with that rejection's reason. Checks of records whose dose is not
// known as of the instant are counted apart, at national and province scope only (they name no site).
// Reads verification_records (0007) record by record (FINAL): a record's state changes over time, so it cannot be
// summed ahead. The cost grows with the records of the province(s) read: for 8 M records (~100 M events), about 1 s
// of CPU once merges have caught up, up to 7 s while each record is still two rows (dose and check).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { scopeParams, type Scope } from './scope.ts';

export interface VerificationStatus {
	/** Records of doses given as of the instant. */
	records: number;
	verified: number;
	rejected: number;
	rejectedByReason: Record<string, number>;
	notChecked: number;
	/** Shares of records, null when there are none. */
	verifiedShare: number | null;
	rejectedShare: number | null;
	notCheckedShare: number | null;
	/** Records checked as of the instant whose dose is not known: a fault of the feed (wrong visit id or province). */
	checkedWithoutDose: number;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until
SELECT has_dose, outcome, reason, count() AS records
FROM (
    SELECT ifNull(injected_at < until, 0) AS has_dose,
           if(has_dose, facility_id, '') AS dose_facility,
           multiIf(ifNull(verified_at < until, 0), 'verified', ifNull(rejected_at < until, 0), 'rejected', '') AS outcome,
           if(outcome = 'rejected', finalizeAggregation(rejection_reason), '') AS reason
    FROM verification_records FINAL
    WHERE ({province:String} = '' OR province_code = {province:String})
)
WHERE (has_dose OR outcome != '')
  AND ({facility:String} = '' OR dose_facility = {facility:String})
  AND ({district:String} = '' OR dose_facility IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
GROUP BY has_dose, outcome, reason
`;

/** One group of records: with a dose or not, their outcome and rejection reason, how many. */
export interface VerificationRow {
	has_dose: number;
	/** '' when not checked as of the instant. */
	outcome: '' | 'verified' | 'rejected';
	reason: string;
	records: string;
}

export async function verificationStatus(client: ClickHouseClient, scope: Scope, asOf: number): Promise<VerificationStatus> {
	return verificationStatusOf(await selectRows<VerificationRow>(client, SQL, { ...scopeParams(scope), asOf }));
}

/** The status from a scope's groups of records. */
export function verificationStatusOf(rows: readonly VerificationRow[]): VerificationStatus {
	const status: VerificationStatus = {
		records: 0, verified: 0, rejected: 0, rejectedByReason: {}, notChecked: 0,
		verifiedShare: null, rejectedShare: null, notCheckedShare: null, checkedWithoutDose: 0
	};
	for (const row of rows) {
		const n = Number(row.records);
		if (!Number(row.has_dose)) {
			status.checkedWithoutDose += n;
			continue;
		}
		status.records += n;
		if (row.outcome === 'verified') status.verified += n;
		else if (row.outcome === 'rejected') {
			status.rejected += n;
			status.rejectedByReason[row.reason] = (status.rejectedByReason[row.reason] ?? 0) + n;
		} else status.notChecked += n;
	}
	if (status.records > 0) {
		status.verifiedShare = status.verified / status.records;
		status.rejectedShare = status.rejected / status.records;
		status.notCheckedShare = status.notChecked / status.records;
	}
	return status;
}

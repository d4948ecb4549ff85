// Registrations approved but still not scheduled as of an instant, for longer than N days (7 by default), per district:
// how many, how many of them not even allocated, and the oldest. The backlog alert rule reads it. The wait runs from
// approval or the first allocation, whichever came first, to the end of T's minute. A registration approved
// but not yet allocated has no district yet: it is listed under its province with district ''. District scope sees
// the registrations allocated to the district; site scope sees none (a site is known only once scheduled).
// Reads the registrations open at T only (registration_state's skip indexes find them), with all their rows.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { scopeParams, type Scope } from './scope.ts';

export interface UnscheduledInDistrict {
	provinceCode: string;
	/** '' for registrations approved but not yet allocated to a district. */
	districtCode: string;
	/** Approved or allocated, not scheduled, for more than N days. */
	registrations: number;
	/** Of them, those not yet allocated. */
	awaitingAllocation: number;
	oldestWaitMs: number;
	oldestRegistrationId: string;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until
SELECT
    province_code,
    district_code,
    count() AS registrations,
    countIf(district_code = '') AS awaiting_allocation,
    max(wait_ms) AS oldest_wait_ms,
    argMax(registration_id, (wait_ms, registration_id)) AS oldest_registration_id
FROM (
    SELECT
        province_code,
        registration_id,
        if(empty(allocations), '', allocations[-1].district_code) AS district_code,
        dateDiff('millisecond', if(approved_at < until, least(approved_at, if(empty(allocations), approved_at, allocations[1].at)), allocations[1].at), until) AS wait_ms
    FROM (
        SELECT
            province_code,
            registration_id,
            min(approved_at) AS approved_at,
            arraySort(arrayFilter(a -> a.at < until, groupArrayArray(registration_state.allocations))) AS allocations
        FROM registration_state
        WHERE ({province:String} = '' OR province_code = {province:String})
          AND (province_code, registration_id) IN (
              SELECT province_code, registration_id FROM registration_state
              WHERE ({province:String} = '' OR province_code = {province:String}) AND first_at < until AND open_until >= until)
        GROUP BY province_code, registration_id
        HAVING (approved_at < until OR notEmpty(allocations))
           AND NOT arrayExists(s -> s.at < until, groupArrayArray(schedules))
           AND min(open_until) >= until
    )
    WHERE wait_ms > {days:UInt16} * 86400000
      AND {facility:String} = ''
      AND ({district:String} = '' OR district_code = {district:String})
)
GROUP BY province_code, district_code
ORDER BY registrations DESC, province_code, district_code
`;

interface Row {
	province_code: string;
	district_code: string;
	registrations: string;
	awaiting_allocation: string;
	oldest_wait_ms: string;
	oldest_registration_id: string;
}

/** Districts with registrations waiting more than `days` days for a slot, most first. */
export async function registrationsUnscheduled(client: ClickHouseClient, scope: Scope, asOf: number, days = 7): Promise<UnscheduledInDistrict[]> {
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf, days });
	return rows.map((r) => ({
		provinceCode: r.province_code,
		districtCode: r.district_code,
		registrations: Number(r.registrations),
		awaitingAllocation: Number(r.awaiting_allocation),
		oldestWaitMs: Number(r.oldest_wait_ms),
		oldestRegistrationId: r.oldest_registration_id
	}));
}

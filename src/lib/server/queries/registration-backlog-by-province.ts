// Open registrations per province as of an instant, by stage: the backlog layer of the national map. Sums the signed
// stage moves of registration_stage_province_{day,minute} (clickhouse/0006), so that its cost does not grow with the
// number of registrations; when the moves are exact is said in that migration. All 63 provinces, zeros included.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { PROVINCES } from '../../reference/provinces.ts';

export interface ProvinceRegistrationBacklog {
	code: string;
	/** Awaiting approval, allocation, scheduling; scheduled (slot ahead or passed, not yet checked in). */
	submitted: number;
	approved: number;
	allocated: number;
	scheduled: number;
	/** All four. */
	open: number;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start
SELECT
    province_code,
    sumIf(n, stage = 'submitted') AS submitted,
    sumIf(n, stage = 'approved') AS approved,
    sumIf(n, stage = 'allocated') AS allocated,
    sumIf(n, stage = 'scheduled') AS scheduled
FROM (
    SELECT province_code, stage, n FROM registration_stage_province_day
    WHERE day < as_of_day AND stage IN ('submitted', 'approved', 'allocated', 'scheduled')
    UNION ALL
    SELECT province_code, stage, n FROM registration_stage_province_minute
    WHERE minute >= day_start AND minute < until AND stage IN ('submitted', 'approved', 'allocated', 'scheduled')
)
GROUP BY province_code
`;

interface Row {
	province_code: string;
	submitted: string;
	approved: string;
	allocated: string;
	scheduled: string;
}

/** Ordered by province code. */
export async function registrationBacklogByProvince(client: ClickHouseClient, asOf: number): Promise<ProvinceRegistrationBacklog[]> {
	const rows = new Map((await selectRows<Row>(client, SQL, { asOf })).map((r) => [r.province_code, r]));
	return PROVINCES.map((p) => p.code)
		.sort()
		.map((code) => {
			const row = rows.get(code);
			const [submitted, approved, allocated, scheduled] = row ? [row.submitted, row.approved, row.allocated, row.scheduled].map(Number) : [0, 0, 0, 0];
			return { code, submitted, approved, allocated, scheduled, open: submitted + approved + allocated + scheduled };
		});
}

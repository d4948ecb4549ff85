// Open registrations per province as of an instant, by stage: the backlog layer of the national map. Sums the signed
// stage moves (clickhouse/0006) in one scan of their multi-grain rollup (0010), so that its cost does not grow with the
// number of registrations; when the moves are exact is said in that migration. All 63 provinces, zeros included.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { PROVINCES } from '../../reference/provinces.ts';
import { GRAIN_BOUNDS, SO_FAR } from './grains.ts';

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
WITH ${GRAIN_BOUNDS}
SELECT
    province_code,
    sumIf(n, stage = 'submitted') AS submitted,
    sumIf(n, stage = 'approved') AS approved,
    sumIf(n, stage = 'allocated') AS allocated,
    sumIf(n, stage = 'scheduled') AS scheduled
FROM registration_stage_province_grains
WHERE ${SO_FAR} AND stage IN ('submitted', 'approved', 'allocated', 'scheduled')
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
	const rows = new Map((await selectRows<Row>(client, SQL, { asOf, days: 0 })).map((r) => [r.province_code, r]));
	return PROVINCES.map((p) => p.code)
		.sort()
		.map((code) => {
			const row = rows.get(code);
			const [submitted, approved, allocated, scheduled] = row ? [row.submitted, row.approved, row.allocated, row.scheduled].map(Number) : [0, 0, 0, 0];
			return { code, submitted, approved, allocated, scheduled, open: submitted + approved + allocated + scheduled };
		});
}

// Every site of some provinces (or of a district) with activity on the as-of day, as of an instant: doses today, people
// waiting (checked in, not yet screened or injected), in observation, and the newest visit event (its minute).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { GRAIN_BOUNDS, TODAY } from './grains.ts';

export interface SiteActivity {
	province: string;
	facility: string;
	checkedIn: number;
	dosesToday: number;
	/** Checked in and not yet injected, deferred or referred. */
	waiting: number;
	inObservation: number;
	/** Epoch ms of the newest minute with a visit event today. */
	lastEventAt: number;
}

const SQL = `
WITH ${GRAIN_BOUNDS}
SELECT province_code AS province, facility_id AS facility,
       sumIf(n, step = 'checked_in') AS checked_in,
       sumIf(n, step = 'injected') AS injected,
       sumIf(n, step = 'screened' AND outcome != 'eligible') AS turned_away,
       sumIf(n, step = 'observation_ended') AS observation_ended,
       toUnixTimestamp(max(latest)) * 1000 AS last_event_at
FROM visit_steps_facility_grains
WHERE province_code IN {provinces:Array(String)} AND ${TODAY}
  AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
GROUP BY province, facility
ORDER BY province, facility
`;

interface Row {
	province: string;
	facility: string;
	checked_in: string;
	injected: string;
	turned_away: string;
	observation_ended: string;
	last_event_at: string;
}

export async function siteActivity(client: ClickHouseClient, provinces: readonly string[], asOf: number, district = ''): Promise<SiteActivity[]> {
	const rows = await selectRows<Row>(client, SQL, { provinces, district, asOf, days: 0 });
	return rows.map((r) => {
		const injected = Number(r.injected);
		return {
			province: r.province,
			facility: r.facility,
			checkedIn: Number(r.checked_in),
			dosesToday: injected,
			waiting: Math.max(0, Number(r.checked_in) - injected - Number(r.turned_away)),
			inObservation: Math.max(0, injected - Number(r.observation_ended)),
			lastEventAt: Number(r.last_event_at)
		};
	});
}

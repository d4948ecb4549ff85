// What the queue, observation and AEFI alert rules read, per site with visits on the as-of day, as of an instant:
// people waiting now and how many checked in within the last hour (if more wait than came in the last hour, someone
// has waited longer: people are served in arrival order), people in observation now and how many were injected in
// the observation window, and severe AEFI reported in the recent window.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { GRAIN_BOUNDS } from './grains.ts';

export interface SiteFlowAlarm {
	province: string;
	facility: string;
	waiting: number;
	checkedInRecently: number;
	inObservation: number;
	injectedRecently: number;
	severeAefiRecently: number;
}

// The day's minute rows of the facility step grains (clickhouse/0010): the recent windows need minutes.
const SQL = `
WITH ${GRAIN_BOUNDS}
SELECT province_code AS province, facility_id AS facility,
       sumIf(n, step = 'checked_in') - sumIf(n, step = 'injected') - sumIf(n, step = 'screened' AND outcome != 'eligible') AS waiting,
       sumIf(n, step = 'checked_in' AND bucket >= until - INTERVAL {queueMinutes:UInt16} MINUTE) AS checked_in_recently,
       sumIf(n, step = 'injected') - sumIf(n, step = 'observation_ended') AS in_observation,
       sumIf(n, step = 'injected' AND bucket >= until - INTERVAL {observationMinutes:UInt16} MINUTE) AS injected_recently,
       sumIf(n, step IN ('observation_ended', 'aefi_reported') AND outcome = 'severe' AND bucket >= until - INTERVAL {aefiMinutes:UInt16} MINUTE) AS severe_recently
FROM visit_steps_facility_grains
WHERE ({province:String} = '' OR province_code = {province:String}) AND grain = 'minute' AND bucket >= day_start AND bucket < until
GROUP BY province, facility
HAVING waiting > checked_in_recently OR in_observation > injected_recently OR severe_recently > 0
`;

interface Row {
	province: string;
	facility: string;
	waiting: string;
	checked_in_recently: string;
	in_observation: string;
	injected_recently: string;
	severe_recently: string;
}

/** Only the sites where one of the three may hold (the rest cannot raise these alerts). */
export async function siteFlowAlarms(
	client: ClickHouseClient,
	asOf: number,
	windows: { queueMinutes: number; observationMinutes: number; aefiMinutes: number },
	province = ''
): Promise<SiteFlowAlarm[]> {
	const rows = await selectRows<Row>(client, SQL, { asOf, province, days: 0, ...windows });
	return rows.map((r) => ({
		province: r.province,
		facility: r.facility,
		waiting: Number(r.waiting),
		checkedInRecently: Number(r.checked_in_recently),
		inObservation: Number(r.in_observation),
		injectedRecently: Number(r.injected_recently),
		severeAefiRecently: Number(r.severe_recently)
	}));
}

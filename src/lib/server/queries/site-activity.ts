// Every site of some provinces (or of a district) with activity on the as-of day, as of an instant: doses today, people
// waiting (checked in, not yet screened or injected), in observation, and the newest visit event (its minute); and,
// from the same scan, the visit pipeline (visit-pipeline.ts) of each province asked for, or of the district: one
// query fewer for the province screens.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { GRAIN_BOUNDS, TODAY } from './grains.ts';
import { pipelineOf, type PipelineRow, type VisitPipeline } from './visit-pipeline.ts';

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
SELECT province_code AS province, facility_id AS facility, step, outcome, reason, sum(n) AS at_step,
       sumIf(n, step = 'checked_in') AS checked_in,
       sumIf(n, step = 'injected') AS injected,
       sumIf(n, step = 'screened' AND outcome != 'eligible') AS turned_away,
       sumIf(n, step = 'observation_ended') AS observation_ended,
       toUnixTimestamp(max(latest)) * 1000 AS last_event_at
FROM visit_steps_facility_grains
WHERE province_code IN {provinces:Array(String)} AND ${TODAY}
  AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
GROUP BY GROUPING SETS ((province, facility), (province, step, outcome, reason))
ORDER BY province, facility
`;

export interface SitesActivity {
	/** The sites with visit events on the as-of day, by province and site. */
	sites: SiteActivity[];
	/** Province code → its pipeline (every province asked for; with `district`, the district's). */
	pipelines: Map<string, VisitPipeline>;
}

// Rows of the first grouping have step '' (not grouped by it; every stored step has a name); those of the second, a step.
interface Row extends Omit<PipelineRow, 'n'> {
	at_step: string;
	province: string;
	facility: string;
	checked_in: string;
	injected: string;
	turned_away: string;
	observation_ended: string;
	last_event_at: string;
}

export async function siteActivity(client: ClickHouseClient, provinces: readonly string[], asOf: number, district = ''): Promise<SitesActivity> {
	const rows = await selectRows<Row>(client, SQL, { provinces, district, asOf, days: 0 });
	const steps = Map.groupBy(rows.filter((r) => r.step !== '').map((r) => ({ ...r, n: r.at_step })), (r) => r.province);
	return { sites: rows.filter((r) => r.step === '').map(activityOf), pipelines: new Map(provinces.map((code) => [code, pipelineOf(steps.get(code) ?? [])])) };
}

function activityOf(r: Row): SiteActivity {
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
}

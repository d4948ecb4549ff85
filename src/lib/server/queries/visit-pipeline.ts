// The live 4-step pipeline of a site or an area, as of an instant: people at each step now, from the day's flows
// (local midnight to the instant): waiting for screening = checked in − screened; waiting for injection = eligible −
// injected; in observation = injected − observation ended; awaiting certificate = observation ended − certified.
// Visits do not cross midnight, so the day's flows are the state. Also the day's deferrals by reason and AEFI by grade.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { byUnit, needsFacilityGrain, scopeParams, unitOf, type Scope, type Units } from './scope.ts';
import { GRAIN_BOUNDS, TODAY } from './grains.ts';

export interface VisitPipeline {
	/** The day's flows so far. */
	checkedIn: number;
	eligible: number;
	deferred: number;
	referred: number;
	injected: number;
	observationEnded: number;
	certified: number;
	/** People at each step now. */
	waitingForScreening: number;
	waitingForInjection: number;
	inObservation: number;
	awaitingCertificate: number;
	deferralReasons: Record<string, number>;
	/** AEFI graded at the end of observation, and reported later, by grade. */
	aefi: { mild: number; severe: number };
}

// One scan of the day's hours and the minutes of its hour (clickhouse/0010); a row per unit (see scope.ts).
const PROVINCE_GRAIN = `
WITH ${GRAIN_BOUNDS}
SELECT if(empty({provinces:Array(String)}), '', province_code) AS unit, step, outcome, reason, sum(n) AS n
FROM visit_steps_province_grains
WHERE ${TODAY} AND (empty({provinces:Array(String)}) OR province_code IN {provinces:Array(String)})
GROUP BY unit, step, outcome, reason
`;

const FACILITY_GRAIN = `
WITH ${GRAIN_BOUNDS}
SELECT if(empty({facilities:Array(String)}), '', facility_id) AS unit, step, outcome, reason, sum(n) AS n
FROM visit_steps_facility_grains
WHERE province_code IN {provinces:Array(String)} AND ${TODAY}
  AND (empty({facilities:Array(String)}) OR facility_id IN {facilities:Array(String)})
  AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
GROUP BY unit, step, outcome, reason
`;

interface Row {
	unit: string;
	step: string;
	outcome: string;
	reason: string;
	n: string;
}

export async function visitPipeline(client: ClickHouseClient, scope: Scope, asOf: number): Promise<VisitPipeline> {
	return (await visitPipelineByUnit(client, scope, asOf)).get(unitOf(scope))!;
}

/** The pipeline of each province or site of the scope. */
export async function visitPipelineByUnit(client: ClickHouseClient, scope: Scope | Units, asOf: number): Promise<Map<string, VisitPipeline>> {
	const rows = await selectRows<Row>(client, needsFacilityGrain(scope) ? FACILITY_GRAIN : PROVINCE_GRAIN, { ...scopeParams(scope), asOf, days: 0 });
	return byUnit(scope, rows, pipelineOf);
}

function pipelineOf(rows: readonly Row[]): VisitPipeline {
	const p: VisitPipeline = {
		checkedIn: 0, eligible: 0, deferred: 0, referred: 0, injected: 0, observationEnded: 0, certified: 0,
		waitingForScreening: 0, waitingForInjection: 0, inObservation: 0, awaitingCertificate: 0,
		deferralReasons: {},
		aefi: { mild: 0, severe: 0 }
	};
	for (const row of rows) {
		const n = Number(row.n);
		switch (row.step) {
			case 'checked_in': p.checkedIn += n; break;
			case 'screened':
				if (row.outcome === 'eligible') p.eligible += n;
				else if (row.outcome === 'referred') p.referred += n;
				else {
					p.deferred += n;
					p.deferralReasons[row.reason] = (p.deferralReasons[row.reason] ?? 0) + n;
				}
				break;
			case 'injected': p.injected += n; break;
			case 'observation_ended':
				p.observationEnded += n;
				if (row.outcome === 'mild' || row.outcome === 'severe') p.aefi[row.outcome] += n;
				break;
			case 'aefi_reported':
				if (row.outcome === 'mild' || row.outcome === 'severe') p.aefi[row.outcome] += n;
				break;
			case 'certified': p.certified += n; break;
		}
	}
	// Late or missing steps can make a difference negative for a while: nobody is at a step fewer than 0 times.
	p.waitingForScreening = Math.max(0, p.checkedIn - p.eligible - p.deferred - p.referred);
	p.waitingForInjection = Math.max(0, p.eligible - p.injected);
	p.inObservation = Math.max(0, p.injected - p.observationEnded);
	p.awaitingCertificate = Math.max(0, p.observationEnded - p.certified);
	return p;
}

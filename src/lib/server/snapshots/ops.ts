// The operator console's data as of now: the alert queue (unresolved, and resolved within the last day), most severe
// and oldest first, with counts by state and severity. Alerts are about the present, so there is no past instant.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import type { Places } from '../places.ts';
import { alertList } from '../queries/alert-list.ts';
import type { Alert, Severity } from '../../domain/alerts/lifecycle.ts';

export interface OpsSnapshot {
	at: number;
	alerts: Alert[];
	/** Names of the sites and districts the alerts are about, by code, in both languages. */
	names: Record<string, { vi: string; en: string }>;
	counts: { open: number; acknowledged: number; escalated: number; bySeverity: Record<Severity, number> };
}

const DAY_MS = 86_400_000;
const QUEUE_LIMIT = 500;

export async function opsSnapshot(client: ClickHouseClient, places: Places, now: number, province = ''): Promise<OpsSnapshot> {
	return (await opsSnapshots(client, places, now, [province])).get(province)!;
}

/**
 * The queues of several ops rooms ('' the national one, else a province code) in at most two queries: the national
 * queue, and every province's at once.
 */
export async function opsSnapshots(client: ClickHouseClient, places: Places, now: number, provinces: readonly string[]): Promise<Map<string, OpsSnapshot>> {
	const resolvedSince = now - DAY_MS;
	const codes = provinces.filter((p) => p !== '');
	const [national, byProvince] = await Promise.all([
		provinces.includes('') ? alertList(client, { resolvedSince, limit: QUEUE_LIMIT }) : [],
		codes.length === 0 ? [] : alertList(client, { provinces: codes, resolvedSince, perProvince: QUEUE_LIMIT, limit: QUEUE_LIMIT * codes.length })
	]);
	const alertsOf = Map.groupBy(byProvince, (a) => a.province);
	return new Map(provinces.map((p) => [p, queueOf(places, now, p === '' ? national : (alertsOf.get(p) ?? []))]));
}

function queueOf(places: Places, now: number, alerts: Alert[]): OpsSnapshot {
	const names: OpsSnapshot['names'] = {};
	for (const a of alerts) {
		const f = a.facility ? places.facilities.get(a.facility) : undefined;
		if (f) names[f.id] = { vi: f.nameVi, en: f.nameEn };
		const d = a.district ? places.districts.get(a.district) : undefined;
		if (d) names[d.code] = { vi: d.nameVi, en: d.nameEn };
	}
	const unresolved = alerts.filter((a) => a.state !== 'resolved');
	const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
	for (const a of unresolved) bySeverity[a.severity]++;
	return {
		at: now,
		alerts,
		names,
		counts: {
			open: unresolved.filter((a) => a.state === 'open').length,
			acknowledged: unresolved.filter((a) => a.state === 'acknowledged').length,
			escalated: unresolved.filter((a) => a.escalated).length,
			bySeverity
		}
	};
}

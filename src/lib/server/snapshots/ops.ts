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

export async function opsSnapshot(client: ClickHouseClient, places: Places, now: number, province = ''): Promise<OpsSnapshot> {
	const alerts = await alertList(client, { province, resolvedSince: now - DAY_MS });
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

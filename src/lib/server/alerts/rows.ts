// Alerts as ClickHouse rows and back, and the writes: a changed alert is a new row (a higher version) plus a line in
// the audit trail, in one insert per table.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { chTime } from '../ingest/rows.ts';
import type { Alert, Transition } from '../../domain/alerts/lifecycle.ts';

export const ALERT_COLUMNS = `id, key, rule, severity, state, province_code, district_code, facility_id, vaccine, lot_number, params,
	toUnixTimestamp64Milli(opened_at) AS opened_ms, toUnixTimestamp64Milli(last_seen_at) AS last_seen_ms,
	toUnixTimestamp64Milli(clear_since) AS clear_since_ms, escalated, toUnixTimestamp64Milli(acknowledged_at) AS acknowledged_ms,
	acknowledged_by, assigned_to, toUnixTimestamp64Milli(resolved_at) AS resolved_ms, resolved_by, resolution, latched, notes, version`;

export interface AlertRow {
	id: string;
	key: string;
	rule: string;
	severity: Alert['severity'];
	state: Alert['state'];
	province_code: string;
	district_code: string;
	facility_id: string;
	vaccine: string;
	lot_number: string;
	params: string;
	opened_ms: string;
	last_seen_ms: string;
	clear_since_ms: string | null;
	escalated: number;
	acknowledged_ms: string | null;
	acknowledged_by: string;
	assigned_to: string;
	resolved_ms: string | null;
	resolved_by: string;
	resolution: Alert['resolution'];
	latched: number;
	notes: string;
	version: string;
}

const ms = (v: string | null) => (v === null ? null : Number(v));

export function alertFromRow(r: AlertRow): Alert {
	return {
		id: r.id,
		key: r.key,
		rule: r.rule,
		severity: r.severity,
		state: r.state,
		province: r.province_code,
		district: r.district_code,
		facility: r.facility_id,
		vaccine: r.vaccine,
		lot: r.lot_number,
		params: JSON.parse(r.params || '{}'),
		openedAt: Number(r.opened_ms),
		lastSeenAt: Number(r.last_seen_ms),
		clearSince: ms(r.clear_since_ms),
		escalated: Number(r.escalated) === 1,
		acknowledgedAt: ms(r.acknowledged_ms),
		acknowledgedBy: r.acknowledged_by,
		assignedTo: r.assigned_to,
		resolvedAt: ms(r.resolved_ms),
		resolvedBy: r.resolved_by,
		resolution: r.resolution,
		latched: Number(r.latched) === 1,
		notes: JSON.parse(r.notes || '[]'),
		version: Number(r.version)
	};
}

const time = (v: number | null) => (v === null ? null : chTime(v));

export interface AlertWrite {
	alert: Alert;
	transition: Transition | 'acknowledged' | 'assigned' | 'noted' | 'resolved_by_hand';
	actor: string;
	note?: string;
}

export async function saveAlerts(client: ClickHouseClient, writes: readonly AlertWrite[], at: number): Promise<void> {
	if (writes.length === 0) return;
	await client.insert({
		table: 'alerts',
		format: 'JSONEachRow',
		values: writes.map(({ alert: a }) => ({
			id: a.id,
			key: a.key,
			rule: a.rule,
			severity: a.severity,
			state: a.state,
			province_code: a.province,
			district_code: a.district,
			facility_id: a.facility,
			vaccine: a.vaccine,
			lot_number: a.lot,
			params: JSON.stringify(a.params),
			opened_at: chTime(a.openedAt),
			last_seen_at: chTime(a.lastSeenAt),
			clear_since: time(a.clearSince),
			escalated: a.escalated ? 1 : 0,
			acknowledged_at: time(a.acknowledgedAt),
			acknowledged_by: a.acknowledgedBy,
			assigned_to: a.assignedTo,
			resolved_at: time(a.resolvedAt),
			resolved_by: a.resolvedBy,
			resolution: a.resolution,
			latched: a.latched ? 1 : 0,
			notes: JSON.stringify(a.notes),
			version: a.version
		}))
	});
	await client.insert({
		table: 'alert_log',
		format: 'JSONEachRow',
		values: writes.map((w) => ({
			at: chTime(at),
			alert_id: w.alert.id,
			rule: w.alert.rule,
			province_code: w.alert.province,
			transition: w.transition,
			actor: w.actor,
			state: w.alert.state,
			severity: w.alert.severity,
			note: w.note ?? '',
			params: JSON.stringify(w.alert.params)
		}))
	});
}

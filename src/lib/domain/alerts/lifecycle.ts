// The life of an alert: raised when a rule's condition holds, kept (not raised again) while it holds, resolved by
// itself once the condition has been clear for a while (hysteresis: a condition that flickers does not flap), or by
// an operator with a note; escalated when nobody acknowledges it in time. Pure: the engine feeds it the conditions
// of one evaluation and stores what it returns.

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type AlertState = 'open' | 'acknowledged' | 'resolved';

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** What a rule found in one evaluation: one per place (and vaccine, lot) where its condition holds. */
export interface Condition {
	/** Stable identity of the trouble: rule + place (+ vaccine, lot). The same key is the same alert. */
	key: string;
	rule: string;
	severity: Severity;
	province: string;
	district: string;
	facility: string;
	vaccine: string;
	lot: string;
	/** The numbers behind the alert, for its message and the drill-down. */
	params: Record<string, string | number>;
}

export interface Note {
	at: number;
	by: string;
	text: string;
}

export interface Alert extends Condition {
	id: string;
	state: AlertState;
	openedAt: number;
	/** Last evaluation in which the condition held. */
	lastSeenAt: number;
	/** Since when the condition has been clear (null while it holds). */
	clearSince: number | null;
	escalated: boolean;
	acknowledgedAt: number | null;
	acknowledgedBy: string;
	/** Province code (or user) the alert is assigned to; '' when unassigned. */
	assignedTo: string;
	resolvedAt: number | null;
	resolvedBy: string;
	resolution: '' | 'auto' | 'manual';
	/** Resolved by hand while its condition still held: not raised again until the condition clears once. */
	latched: boolean;
	notes: Note[];
	/** Increases with every change (ReplacingMergeTree version). */
	version: number;
}

export interface LifecycleOptions {
	/** A condition must stay clear this long before its alert resolves itself. */
	clearAfterMs: number;
	/** An open alert nobody acknowledged for this long is escalated. */
	escalateAfterMs: number;
}

export const DEFAULT_LIFECYCLE: LifecycleOptions = { clearAfterMs: 10 * 60_000, escalateAfterMs: 15 * 60_000 };

export type Transition = 'opened' | 'updated' | 'escalated' | 'resolved' | 'unlatched';

export interface Change {
	alert: Alert;
	transition: Transition;
}

/**
 * One evaluation at `now`: `current` are the alerts not yet resolved plus latched resolved ones; `conditions` what
 * the rules found. Returns the alerts that changed, each with why. `newId` names new alerts.
 */
export function evaluate(now: number, current: readonly Alert[], conditions: readonly Condition[], newId: () => string, opts: LifecycleOptions = DEFAULT_LIFECYCLE): Change[] {
	const changes: Change[] = [];
	const byKey = new Map(current.map((a) => [a.key, a]));
	const holding = new Set<string>();
	for (const condition of conditions) {
		holding.add(condition.key);
		const alert = byKey.get(condition.key);
		if (!alert) {
			changes.push({
				transition: 'opened',
				alert: {
					...condition,
					id: newId(),
					state: 'open',
					openedAt: now,
					lastSeenAt: now,
					clearSince: null,
					escalated: false,
					acknowledgedAt: null,
					acknowledgedBy: '',
					assignedTo: condition.province,
					resolvedAt: null,
					resolvedBy: '',
					resolution: '',
					latched: false,
					notes: [],
					version: 1
				}
			});
			continue;
		}
		if (alert.state === 'resolved') continue; // latched: an operator closed it; it stays closed while this holds
		const worse = SEVERITY_RANK[condition.severity] < SEVERITY_RANK[alert.severity];
		const paramsChanged = JSON.stringify(condition.params) !== JSON.stringify(alert.params);
		// Only what an operator would notice is a change: the numbers, a worse severity, or a condition back in time.
		if (worse || paramsChanged || alert.clearSince !== null) {
			changes.push({
				transition: 'updated',
				alert: { ...alert, params: condition.params, severity: worse ? condition.severity : alert.severity, lastSeenAt: now, clearSince: null, version: alert.version + 1 }
			});
		}
	}
	const changed = new Map(changes.map((c) => [c.alert.key, c]));
	for (const alert of current) {
		if (holding.has(alert.key)) {
			const latest = changed.get(alert.key)?.alert ?? alert;
			if (latest.state === 'open' && !latest.escalated && now - latest.openedAt >= opts.escalateAfterMs) {
				const escalated = { ...latest, escalated: true, version: latest.version + 1 };
				if (changed.has(alert.key)) changed.get(alert.key)!.alert = escalated;
				else changes.push({ transition: 'escalated', alert: escalated });
			}
			continue;
		}
		if (alert.state === 'resolved') {
			// Its condition cleared: a new occurrence may raise a new alert.
			if (alert.latched) changes.push({ transition: 'unlatched', alert: { ...alert, latched: false, version: alert.version + 1 } });
			continue;
		}
		if (alert.clearSince === null) {
			changes.push({ transition: 'updated', alert: { ...alert, clearSince: now, version: alert.version + 1 } });
		} else if (now - alert.clearSince >= opts.clearAfterMs) {
			changes.push({ transition: 'resolved', alert: { ...alert, state: 'resolved', resolvedAt: now, resolvedBy: 'system', resolution: 'auto', version: alert.version + 1 } });
		}
	}
	return changes;
}

/** Whether an alert was raised and not yet resolved at an instant (a past screen shows the alerts of its time). */
export function openAt(alert: Pick<Alert, 'openedAt' | 'resolvedAt'>, at: number): boolean {
	return alert.openedAt <= at && (alert.resolvedAt === null || alert.resolvedAt > at);
}

export type OperatorAction =
	| { kind: 'acknowledge'; note?: string }
	| { kind: 'assign'; to: string; note?: string }
	| { kind: 'resolve'; note: string }
	| { kind: 'note'; note: string };

/** An operator's action on an alert, or a reason it is refused. */
export function act(alert: Alert, action: OperatorAction, by: string, now: number): { ok: true; alert: Alert } | { ok: false; error: string } {
	if (alert.state === 'resolved' && action.kind !== 'note') return { ok: false, error: 'the alert is already resolved' };
	const notes = action.note && action.note.trim() ? [...alert.notes, { at: now, by, text: action.note.trim().slice(0, 2_000) }] : alert.notes;
	const next = { ...alert, notes, version: alert.version + 1 };
	switch (action.kind) {
		case 'acknowledge':
			if (alert.state === 'acknowledged') return { ok: false, error: 'the alert is already acknowledged' };
			return { ok: true, alert: { ...next, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: by } };
		case 'assign':
			if (!action.to) return { ok: false, error: 'assign needs a province or user to assign to' };
			return { ok: true, alert: { ...next, assignedTo: action.to } };
		case 'resolve':
			if (!action.note?.trim()) return { ok: false, error: 'resolving by hand needs a note saying what was done' };
			return { ok: true, alert: { ...next, state: 'resolved', resolvedAt: now, resolvedBy: by, resolution: 'manual', latched: alert.clearSince === null } };
		case 'note':
			if (!action.note?.trim()) return { ok: false, error: 'a note must not be empty' };
			return { ok: true, alert: next };
	}
}

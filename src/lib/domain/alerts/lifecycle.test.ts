import { describe, expect, it } from 'vitest';
import { act, evaluate, type Alert, type Condition } from './lifecycle.ts';

const MIN = 60_000;
const condition = (over: Partial<Condition> = {}): Condition => ({
	key: 'stock_out:S-01-00001:AZ',
	rule: 'stock_out',
	severity: 'high',
	province: '01',
	district: '001',
	facility: 'S-01-00001',
	vaccine: 'AZ',
	lot: '',
	params: { onHand: 0 },
	...over
});
let n = 0;
const newId = () => `A${++n}`;
const opts = { clearAfterMs: 10 * MIN, escalateAfterMs: 15 * MIN };

/** Runs evaluations in sequence, keeping the alerts the engine would pass next time (unresolved + latched). */
function run(steps: [at: number, conditions: Condition[]][]): { alerts: Map<string, Alert>; log: string[] } {
	const alerts = new Map<string, Alert>();
	const log: string[] = [];
	for (const [at, conditions] of steps) {
		const current = [...alerts.values()].filter((a) => a.state !== 'resolved' || a.latched);
		for (const { alert, transition } of evaluate(at, current, conditions, newId, opts)) {
			alerts.set(alert.id, alert);
			log.push(`${at / MIN}:${transition}:${alert.id}`);
		}
	}
	return { alerts, log };
}

describe('alert lifecycle', () => {
	it('raises once, keeps one alert while the condition holds, and resolves after it stayed clear', () => {
		n = 0;
		const { alerts, log } = run([
			[0, [condition()]],
			[1 * MIN, [condition()]],
			[2 * MIN, [condition()]],
			[3 * MIN, []],
			[12 * MIN, []],
			[13 * MIN, []]
		]);
		expect(log).toEqual(['0:opened:A1', '3:updated:A1', '13:resolved:A1']);
		expect(alerts.get('A1')).toMatchObject({ state: 'resolved', resolution: 'auto', resolvedBy: 'system', resolvedAt: 13 * MIN });
	});

	it('does not flap when the condition flickers within the clearing time', () => {
		n = 0;
		const flicker: [number, Condition[]][] = Array.from({ length: 12 }, (_, i) => [i * 2 * MIN, i % 2 === 0 ? [condition()] : []]);
		const { alerts, log } = run(flicker);
		expect(alerts.size).toBe(1);
		expect(log.filter((l) => l.includes('opened'))).toHaveLength(1);
		expect(log.some((l) => l.includes('resolved'))).toBe(false);
	});

	it('updates the numbers and raises the severity, never lowers it while open', () => {
		n = 0;
		const { alerts, log } = run([
			[0, [condition()]],
			[1 * MIN, [condition({ params: { onHand: 0, waiting: 12 } })]],
			[2 * MIN, [condition({ severity: 'critical', params: { onHand: 0, waiting: 12 } })]],
			[3 * MIN, [condition({ severity: 'medium', params: { onHand: 0, waiting: 12 } })]]
		]);
		expect(log).toEqual(['0:opened:A1', '1:updated:A1', '2:updated:A1']);
		expect(alerts.get('A1')).toMatchObject({ severity: 'critical', params: { waiting: 12 } });
	});

	it('escalates an open alert nobody acknowledged in 15 minutes, once; an acknowledged one is not', () => {
		n = 0;
		const { alerts, log } = run(Array.from({ length: 20 }, (_, i) => [i * MIN, [condition(), condition({ key: 'other', facility: 'S-2' })]] as [number, Condition[]]));
		expect(log.filter((l) => l.includes('escalated'))).toEqual(['15:escalated:A1', '15:escalated:A2']);
		expect(alerts.get('A1')!.escalated).toBe(true);

		const acked = act(alerts.get('A2')!, { kind: 'acknowledge', note: 'on it' }, 'op1', 16 * MIN);
		expect(acked.ok && acked.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'op1', notes: [{ by: 'op1', text: 'on it' }] });
		const fresh = evaluate(30 * MIN, [{ ...(acked.ok ? acked.alert : alerts.get('A2')!), escalated: false, openedAt: 0 }], [condition({ key: 'other' })], newId, opts);
		expect(fresh).toEqual([]);
	});

	it('keeps an alert resolved by hand closed while its condition still holds, and raises a new one after it cleared', () => {
		n = 0;
		const alerts = new Map<string, Alert>();
		const step = (at: number, conditions: Condition[]) => {
			const current = [...alerts.values()].filter((a) => a.state !== 'resolved' || a.latched);
			const changes = evaluate(at, current, conditions, newId, opts);
			for (const c of changes) alerts.set(c.alert.id, c.alert);
			return changes.map((c) => `${c.transition}:${c.alert.id}`);
		};
		step(0, [condition()]);
		const resolved = act(alerts.get('A1')!, { kind: 'resolve', note: 'transfer from S-01-00002 on its way' }, 'op1', MIN);
		expect(resolved.ok).toBe(true);
		if (resolved.ok) alerts.set('A1', resolved.alert);
		expect(alerts.get('A1')).toMatchObject({ state: 'resolved', resolution: 'manual', latched: true });
		expect(step(2 * MIN, [condition()])).toEqual([]);
		expect(step(3 * MIN, [])).toEqual(['unlatched:A1']);
		expect(step(4 * MIN, [condition()])).toEqual(['opened:A2']);
	});

	it('refuses actions that make no sense, with a reason', () => {
		n = 0;
		const [{ alert }] = evaluate(0, [], [condition()], newId, opts);
		expect(act(alert, { kind: 'resolve', note: '  ' }, 'op', 1)).toEqual({ ok: false, error: 'resolving by hand needs a note saying what was done' });
		expect(act(alert, { kind: 'assign', to: '' }, 'op', 1)).toMatchObject({ ok: false });
		const acked = act(alert, { kind: 'acknowledge' }, 'op', 1);
		expect(acked.ok && act(acked.alert, { kind: 'acknowledge' }, 'op', 2)).toEqual({ ok: false, error: 'the alert is already acknowledged' });
		const done = act(alert, { kind: 'resolve', note: 'fixed' }, 'op', 1);
		expect(done.ok && act(done.alert, { kind: 'acknowledge' }, 'op', 2)).toEqual({ ok: false, error: 'the alert is already resolved' });
		expect(done.ok && act(done.alert, { kind: 'note', note: 'follow-up call made' }, 'op', 3)).toMatchObject({ ok: true });
	});
});

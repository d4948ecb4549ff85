// An operator's action on an alert: under the alerts lock (the engine must not overwrite it), checked by the
// lifecycle, stored with its audit line, and announced to the live screens.
import type { App } from '../app.ts';
import { withLock } from '../redis-lock.ts';
import { alertById } from '../queries/alert-by-id.ts';
import { saveAlerts } from './rows.ts';
import { ALERTS_CHANGED_CHANNEL, ALERTS_LOCK, type AlertsChanged } from './engine.ts';
import { act, type Alert, type OperatorAction } from '../../domain/alerts/lifecycle.ts';

const TRANSITION = { acknowledge: 'acknowledged', assign: 'assigned', resolve: 'resolved_by_hand', note: 'noted' } as const;

export type ActionResult = { ok: true; alert: Alert } | { ok: false; status: 404 | 409; error: string };

export async function performAlertAction(app: Pick<App, 'clickhouse' | 'redis'>, id: string, action: OperatorAction, actor: string): Promise<ActionResult> {
	const result = await withLock(app.redis, ALERTS_LOCK, async (): Promise<ActionResult> => {
		const alert = await alertById(app.clickhouse, id);
		if (!alert) return { ok: false, status: 404, error: `no alert ${id}` };
		const next = act(alert, action, actor, Date.now());
		if (!next.ok) return { ok: false, status: 409, error: next.error };
		await saveAlerts(app.clickhouse, [{ alert: next.alert, transition: TRANSITION[action.kind], actor, note: action.note }], Date.now());
		return { ok: true, alert: next.alert };
	});
	if (result.ok) await app.redis.publish(ALERTS_CHANGED_CHANNEL, JSON.stringify({ provinces: [result.alert.province], at: Date.now() } satisfies AlertsChanged));
	return result;
}

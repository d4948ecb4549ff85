// GET /api/v1/alerts/ID: an alert, the numbers behind it and its audit trail.
// POST /api/v1/alerts/ID {action: acknowledge | assign | resolve | note, note?, to?}: an operator's action (operators of
// the alert's province or national ones); 409 when it makes no sense in the alert's state, with the reason.
import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '#lib/server/app.ts';
import { alertById } from '#lib/server/queries/alert-by-id.ts';
import { alertHistory } from '#lib/server/queries/alert-history.ts';
import { performAlertAction } from '#lib/server/alerts/actions.ts';
import { auditLog } from '#lib/server/auth/audit.ts';
import { readAccess, requireAction } from '#lib/server/auth/guard.ts';
import type { OperatorAction } from '#lib/domain/alerts/lifecycle.ts';
import type { Action } from '#lib/server/auth/policy.ts';

const PERMISSION: Record<OperatorAction['kind'], Action> = { acknowledge: 'alert.acknowledge', assign: 'alert.assign', resolve: 'alert.resolve', note: 'alert.annotate' };

export const GET: RequestHandler = async (event) => {
	const { clickhouse } = await getApp();
	const alert = await alertById(clickhouse, event.params.id!);
	const denied = readAccess(event, alert ? { level: 'ops', province: alert.province } : { level: 'ops' });
	if (denied) return denied;
	if (!alert) return json({ error: { message: `no alert ${event.params.id}` } }, { status: 404 });
	return json({ alert, history: await alertHistory(clickhouse, alert.id) });
};

function parseAction(body: unknown): OperatorAction | string {
	if (typeof body !== 'object' || body === null) return 'the body must be a JSON object {action, note?, to?}';
	const { action, note, to } = body as Record<string, unknown>;
	if (note !== undefined && (typeof note !== 'string' || note.length > 2_000)) return 'note must be a string of at most 2,000 characters';
	if (action === 'acknowledge') return { kind: 'acknowledge', note: note as string | undefined };
	if (action === 'resolve') return { kind: 'resolve', note: (note as string | undefined) ?? '' };
	if (action === 'note') return { kind: 'note', note: (note as string | undefined) ?? '' };
	if (action === 'assign') {
		if (typeof to !== 'string' || !/^[A-Za-z0-9._:@\-]{1,64}$/.test(to)) return 'to must name a province code or a user (letters, digits, . _ : @ -)';
		return { kind: 'assign', to, note: note as string | undefined };
	}
	return 'action must be acknowledge, assign, resolve or note';
}

export const POST: RequestHandler = async (event) => {
	const app = await getApp();
	const alert = await alertById(app.clickhouse, event.params.id!);
	const action = parseAction(await event.request.json().catch(() => null));
	if (typeof action === 'string') return json({ error: { param: 'body', message: action } }, { status: 400 });
	const principal = requireAction(event, PERMISSION[action.kind], alert ? { level: 'province', province: alert.province } : undefined);
	if (!alert) return json({ error: { message: `no alert ${event.params.id}` } }, { status: 404 });
	const result = await performAlertAction(app, alert.id, action, principal.name);
	if (!result.ok) return json({ error: { message: result.error } }, { status: result.status });
	await auditLog(app, { actor: principal, action: `alert.${action.kind}`, target: alert.id, scope: `province:${alert.province}`, detail: action.kind === 'assign' ? { to: action.to } : undefined }, event);
	return json({ alert: result.alert });
};

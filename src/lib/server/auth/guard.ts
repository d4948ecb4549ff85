// What pages, endpoints and form actions call to enforce access rules (policy.ts). The session was resolved once per
// request in hooks.server.ts (handle.ts) into event.locals; these functions only read it.
//
// In a page's +page.server.ts load (province, site, ops…):
//
//   import { requireView } from '#lib/server/auth/guard.ts';
//   export const load = async (event) => {
//     const { principal, scope } = await requireView(event, `province:${event.params.code}`);
//     …
//   };
//
// Not logged in → 303 to /login?next=<this page>; out of scope → 403; unknown place → 404 (checked in that order,
// so nobody unauthenticated learns which places exist).
import { error, json, redirect, type RequestEvent } from '@sveltejs/kit';
import { getApp } from '../app.ts';
import { getPlaces, parseScope } from '../places.ts';
import type { Scope } from '../queries/scope.ts';
import { canAct, canView, hasRole, type Action, type Principal, type View } from './policy.ts';
import type { Session } from './sessions.ts';

declare global {
	namespace App {
		interface Locals {
			/** Who is asking (resolved from the session cookie by hooks.server.ts), or null. */
			principal?: Principal | null;
			session?: Session | null;
		}
	}
}

type Event = Pick<RequestEvent, 'locals' | 'url'>;

export function principalOf(event: Pick<RequestEvent, 'locals'>): Principal | null {
	return event.locals.principal ?? null;
}

export const describeScope = (s: View) => (s.level === 'national' ? 'national' : s.level === 'ops' ? `ops${s.province ? `:${s.province}` : ''}` : s.level === 'province' ? `province:${s.province}` : s.level === 'district' ? `district:${s.district}` : `site:${s.facility}`);

function deniedMessage(p: Principal, what: string): string {
	const mine = p.province ? `province ${p.province}` : 'the whole nation';
	return `Không có quyền xem ${what}. / Not allowed: ${p.name} (${p.role}, ${mine}) may not see ${what}.`;
}

function toLogin(url: URL): never {
	redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * For page loads: the principal, which may see `scope` ("national", "province:01", "district:001", "site:ID", or a
 * parsed Scope). Throws redirect(303, /login?next=…) when not logged in, error(403) when out of scope, error(404)
 * when the place is unknown.
 */
export async function requireView(event: Event, scope: Scope | string): Promise<{ principal: Principal; scope: Scope }> {
	const principal = principalOf(event);
	if (!principal) toLogin(event.url);
	let resolved: Scope;
	if (typeof scope === 'string') {
		const app = await getApp();
		const parsed = parseScope(scope, await getPlaces(app.clickhouse, app.config.populationScale));
		if (!parsed.ok) error(404, parsed.message);
		resolved = parsed.scope;
	} else resolved = scope;
	if (!canView(principal, resolved)) error(403, deniedMessage(principal, describeScope(resolved)));
	return { principal, scope: resolved };
}

/** For the ops console: the alert queue (national, or one province's). */
export function requireOps(event: Event, province?: string): Principal {
	const principal = principalOf(event);
	if (!principal) toLogin(event.url);
	const view: View = province ? { level: 'ops', province } : { level: 'ops' };
	if (!canView(principal, view)) error(403, deniedMessage(principal, describeScope(view)));
	return principal;
}

/**
 * For form actions and endpoints that change things: the principal, which holds `role` for `scope`
 * (operator: within its province if it has one; admin: everywhere). Not logged in → redirect to login; else 403.
 */
export function requireRole(event: Event, role: 'operator' | 'admin', scope?: Scope): Principal {
	const principal = principalOf(event);
	if (!principal) toLogin(event.url);
	if (!hasRole(principal, role, scope)) error(403, `Cần quyền ${role}. / Not allowed: this needs the ${role} role${scope ? ` for ${describeScope(scope)}` : ''}.`);
	return principal;
}

/** Like requireRole, by action (policy.ts ACTIONS): e.g. requireAction(event, 'alert.resolve', alertScope). */
export function requireAction(event: Event, action: Action, scope?: Scope): Principal {
	const principal = principalOf(event);
	if (!principal) toLogin(event.url);
	if (!canAct(principal, action, scope)) error(403, `Không có quyền. / Not allowed: ${principal.name} may not ${action}${scope ? ` for ${describeScope(scope)}` : ''}.`);
	return principal;
}

/**
 * For JSON endpoints (read API, CSV exports): null when allowed, else the 401 (no session) or 403 (out of scope)
 * answer. Without `scope`, only checks that someone is logged in.
 */
export function readAccess(event: Pick<RequestEvent, 'locals'>, scope?: View): Response | null {
	const principal = principalOf(event);
	if (!principal) {
		return json(
			{ error: { message: 'log in first: POST /login (JSON {username, password}) or open /login in a browser; the session cookie mcc_session then goes with every request' } },
			{ status: 401, headers: { 'cache-control': 'no-store' } }
		);
	}
	if (scope && !canView(principal, scope)) {
		return json({ error: { param: 'scope', message: deniedMessage(principal, describeScope(scope)) } }, { status: 403, headers: { 'cache-control': 'no-store' } });
	}
	return null;
}

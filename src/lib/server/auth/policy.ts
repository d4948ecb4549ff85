// Who may see and do what: the one place access rules live. Pure functions of a principal and a place, no I/O:
// pages (guard.ts), every read endpoint and CSV export (api/endpoint.ts), socket.io rooms (live.ts) and admin
// and operator actions all ask here.
//
// Roles (users, in ClickHouse `users`):
//   national-viewer   sees everything, changes nothing (national steering committee, MoH)
//   province-viewer   sees its province in detail (province, its districts and sites) and the national aggregates
//                     (the national snapshot: every province's totals), never another province's detail
//   operator          response-centre operator: sees what a viewer of its scope sees (national, or one province),
//                     the ops room (alert queue) of its scope, and acts on alerts there (acknowledge, assign,
//                     annotate, resolve)
//   admin             manages users, wall tokens, ingest keys and reference data; sees everything; does not act on
//                     alerts (that is an operator's job: give the person an operator account too)
// Wall screens (kind "wall"): a token bound to one view (national, or province:NN) turned into a read-only session:
// it sees what a viewer of that view sees and can do nothing.
import type { Scope } from '../queries/scope.ts';

export const ROLES = ['national-viewer', 'province-viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
	kind: 'user' | 'wall';
	/** The user's id, or the wall token's id. */
	id: string;
	/** The username, or the wall token's label (for audit and display). */
	name: string;
	/** A user's role; "wall" for a wall screen. */
	role: Role | 'wall';
	/** The province (GSO code) this principal is confined to, or null for the whole nation. */
	province: string | null;
}

/** What can be looked at: a place (national, province, district, site) or an alert queue (ops, optionally one province's). */
export type View = Scope | { level: 'ops'; province?: string };

export const ACTIONS = [
	'alert.acknowledge',
	'alert.assign',
	'alert.annotate',
	'alert.resolve',
	'users.manage',
	'wall-tokens.manage',
	'ingest-keys.manage',
	'reference.manage'
] as const;
export type Action = (typeof ACTIONS)[number];

const ADMIN_ACTIONS: ReadonlySet<Action> = new Set(['users.manage', 'wall-tokens.manage', 'ingest-keys.manage', 'reference.manage']);

/** Whether a principal confined to a province (or not) covers a place of `province`. */
const covers = (p: Principal, province: string) => p.province === null || p.province === province;

/** May this principal see this view? Nobody unauthenticated sees anything. */
export function canView(principal: Principal | null | undefined, view: View): boolean {
	if (!principal) return false;
	switch (view.level) {
		case 'national':
			// The national snapshot (every province's aggregates) is for everyone logged in, provincial users included.
			return true;
		case 'ops':
			if (principal.role !== 'operator' && principal.role !== 'admin') return false;
			// The national queue names every province's sites: only for principals of the whole nation.
			return view.province === undefined ? principal.province === null : covers(principal, view.province);
		case 'province':
		case 'district':
		case 'site':
			return typeof view.province === 'string' && view.province !== '' && covers(principal, view.province);
		default:
			return false;
	}
}

/**
 * Is this place within the principal's own area? Like canView, except for the nation: the national aggregates are
 * there for everyone to see, but acting on something national is for principals of the whole nation only.
 */
function within(principal: Principal, scope: Scope): boolean {
	return scope.level === 'national' ? principal.province === null : canView(principal, scope);
}

/** May this principal do this, about this place (an alert's site or province; admin actions ignore the place)? */
export function canAct(principal: Principal | null | undefined, action: Action, scope: Scope = { level: 'national' }): boolean {
	if (!principal || principal.kind !== 'user') return false;
	if (ADMIN_ACTIONS.has(action)) return principal.role === 'admin';
	if (action.startsWith('alert.')) return principal.role === 'operator' && within(principal, scope);
	return false;
}

/** Does the principal hold this role, for this place? (operator: within its province, if it has one.) */
export function hasRole(principal: Principal | null | undefined, role: 'operator' | 'admin', scope: Scope = { level: 'national' }): boolean {
	if (!principal || principal.kind !== 'user' || principal.role !== role) return false;
	return role === 'admin' || within(principal, scope);
}

/** The province a role must / must not have: null when the pair is valid, else what is wrong. */
export function roleProvinceProblem(role: string, province: string | null): string | null {
	if (!(ROLES as readonly string[]).includes(role)) return `role must be one of ${ROLES.join(', ')}`;
	if (role === 'province-viewer' && !province) return 'a province-viewer needs --province NN (the province it may see)';
	if ((role === 'national-viewer' || role === 'admin') && province) return `a ${role} sees the whole nation: leave the province out`;
	return null;
}

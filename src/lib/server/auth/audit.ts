// The audit log (ClickHouse `audit_log`): who did what to what, when and from where. For admin actions (users,
// wall tokens, ingest keys, reference data), operator actions (alerts: call auditLog from the action) and logins.
// Never a secret, never a citizen ID: detail fields named like secrets are dropped, and runs of 9 to 12 digits
// (CMND / CCCD numbers) in any text are masked.
//
//   await auditLog(app, { actor: principal, action: 'alert.acknowledge', target: alertId, scope: 'site:S-01-00001' }, event);
import type { RequestEvent } from '@sveltejs/kit';
import type { App } from '../app.ts';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import type { Logger } from '../log.ts';
import { chTime } from '../ingest/rows.ts';
import type { Principal } from './policy.ts';

/** A person or wall screen, or a command-line run ("cli": the OS user), or the system itself. */
export type Actor = Principal | { kind: 'cli' | 'system'; id?: string; name: string; role?: string } | null;

export interface AuditEntry {
	actor: Actor;
	/** What, as "noun.verb": user.create, user.disable, wall-token.revoke, ingest-key.rotate, alert.resolve, login.failure… */
	action: string;
	/** What it was done to: a username, token id, key id, alert id. */
	target?: string;
	/** Where: national, province:NN, site:ID. */
	scope?: string;
	outcome?: 'ok' | 'denied' | 'failed';
	/** Small facts (strings, numbers, booleans): no secrets, no personal data. */
	detail?: Record<string, string | number | boolean | null | undefined>;
	/** Client address and user agent; taken from the request event when one is given. */
	ip?: string;
	userAgent?: string;
	at?: number;
}

const SECRET_NAME = /pass(word)?|secret|token|key$|^key|cookie|session|authori[sz]ation|citizen|cccd|cmnd/i;
/**
 * CMND (9 digits) and CCCD (12 digits) numbers standing alone in text. Digit runs inside a longer word are left:
 * generated ids (wall-token and key ids are 16 hex characters) often hold 9-12 digits in a row.
 */
const ID_DIGITS = /(?<![0-9A-Za-z])\d{9,12}(?![0-9A-Za-z])/g;

export function scrub(text: string, max = 500): string {
	return text.replace(ID_DIGITS, '[number]').slice(0, max);
}

function cleanDetail(detail: AuditEntry['detail']): string {
	if (!detail) return '';
	const kept: Record<string, string | number | boolean | null> = {};
	for (const [k, v] of Object.entries(detail)) {
		if (v === undefined || SECRET_NAME.test(k)) continue;
		kept[scrub(k, 64)] = typeof v === 'string' ? scrub(v) : typeof v === 'number' && Number.isInteger(v) && String(Math.abs(v)).length >= 9 ? '[number]' : v;
	}
	return JSON.stringify(kept);
}

function requestFacts(event: Pick<RequestEvent, 'getClientAddress' | 'request'> | undefined): { ip: string; userAgent: string } {
	if (!event) return { ip: '', userAgent: '' };
	let ip = '';
	try {
		ip = event.getClientAddress();
	} catch {
		// no address (e.g. a request made inside the server)
	}
	return { ip, userAgent: (event.request.headers.get('user-agent') ?? '').slice(0, 300) };
}

export function auditRow(entry: AuditEntry, event?: Pick<RequestEvent, 'getClientAddress' | 'request'>) {
	const facts = requestFacts(event);
	const actor = entry.actor;
	return {
		at: chTime(entry.at ?? Date.now()),
		actor_kind: actor?.kind ?? 'anonymous',
		actor_id: actor?.id ?? '',
		actor: scrub(actor?.name ?? '', 200),
		actor_role: (actor && 'role' in actor ? actor.role : '') ?? '',
		action: scrub(entry.action, 64),
		target: scrub(entry.target ?? '', 200),
		scope: scrub(entry.scope ?? '', 100),
		outcome: entry.outcome ?? 'ok',
		ip: (entry.ip ?? facts.ip).slice(0, 64),
		user_agent: scrub(entry.userAgent ?? facts.userAgent, 300),
		detail: cleanDetail(entry.detail)
	};
}

/**
 * Records one entry. Never throws: a failure to write is logged (the action it records has already happened).
 * Pass the request event to record the client address and user agent.
 */
export async function auditLog(
	app: { clickhouse: ClickHouseClient; log: Logger } | Pick<App, 'clickhouse' | 'log'>,
	entry: AuditEntry,
	event?: Pick<RequestEvent, 'getClientAddress' | 'request'>
): Promise<void> {
	const row = auditRow(entry, event);
	try {
		await app.clickhouse.insert({ table: 'audit_log', format: 'JSONEachRow', values: [row] });
	} catch (error) {
		app.log.error({ err: (error as Error).message, action: row.action, target: row.target }, 'could not write the audit log');
	}
}

export interface AuditRecord {
	at: string;
	actor_kind: string;
	actor: string;
	actor_role: string;
	action: string;
	target: string;
	scope: string;
	outcome: string;
	ip: string;
	detail: string;
}

/** The latest entries, newest first (the admin page). */
export async function recentAudit(client: ClickHouseClient, limit = 100): Promise<AuditRecord[]> {
	return (
		await client.query({
			query: 'SELECT at, actor_kind, actor, actor_role, action, target, scope, outcome, ip, detail FROM audit_log ORDER BY at DESC LIMIT {limit:UInt32}',
			query_params: { limit },
			format: 'JSONEachRow'
		})
	).json<AuditRecord>();
}

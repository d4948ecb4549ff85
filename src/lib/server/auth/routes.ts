// What the /login and /logout routes do, for their form actions (SvelteKit checks the Origin of form posts) and for
// their JSON endpoints (used by the pages' scripts, by tests and by API clients).
import { json, type RequestEvent } from '@sveltejs/kit';
import { getApp } from '../app.ts';
import { login, logout, type LoginResult } from './service.ts';
import { clearSessionCookie, clientAddress, setSessionCookie } from './handle.ts';
import { SESSION_COOKIE } from './tokens.ts';

/**
 * Logs in: on success the session id is new (rotated: the session the request came with, if any, ends) and the
 * cookie is set on `event`.
 */
export async function loginFromRequest(event: RequestEvent, username: unknown, password: unknown): Promise<LoginResult> {
	const app = await getApp();
	const result = await login(app, {
		username: typeof username === 'string' ? username : '',
		password: typeof password === 'string' ? password : '',
		ip: clientAddress(event),
		userAgent: event.request.headers.get('user-agent') ?? undefined
	});
	if (result.ok) {
		const previous = event.cookies.get(SESSION_COOKIE);
		if (previous) await logout(app, previous).catch(() => {});
		setSessionCookie(event, result.id, result.session);
		event.locals.principal = result.session.principal;
		event.locals.session = result.session;
	}
	return result;
}

export async function logoutFromRequest(event: RequestEvent): Promise<void> {
	const app = await getApp();
	await logout(app, event.cookies.get(SESSION_COOKIE), { ip: clientAddress(event), userAgent: event.request.headers.get('user-agent') ?? undefined });
	clearSessionCookie(event);
	event.locals.principal = null;
	event.locals.session = null;
}

/**
 * JSON requests that change state are refused from other sites. A browser cannot send `application/json` to another
 * origin without a CORS preflight (which this server never grants); besides, the Origin's host must be this one and
 * Sec-Fetch-Site, when sent, same-origin. The host, not the whole origin: the protocol is the socket's or the
 * PROTOCOL_HEADER's (src/lib/server/http-origin.ts), and an in-process test server has neither.
 */
export function crossSiteJson(event: Pick<RequestEvent, 'request' | 'url'>): Response | null {
	const { headers } = event.request;
	if (!/^application\/json\b/i.test(headers.get('content-type') ?? '')) {
		return json({ error: { message: 'send Content-Type: application/json (or use the form at /login)' } }, { status: 415 });
	}
	const site = headers.get('sec-fetch-site');
	if (site && site !== 'same-origin' && site !== 'none') return json({ error: { message: 'cross-site requests are refused' } }, { status: 403 });
	const origin = headers.get('origin');
	if (origin) {
		let host = '';
		try {
			host = new URL(origin).host;
		} catch {
			// an unparsable Origin is not ours
		}
		if (host.toLowerCase() !== event.url.host.toLowerCase()) return json({ error: { message: 'cross-site requests are refused' } }, { status: 403 });
	}
	return null;
}

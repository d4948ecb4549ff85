// The per-request half of access control, run by hooks.server.ts before any route:
// 1. a kiosk's wall token in the URL (?token=mccw_…, on a GET of a page) becomes a wall session cookie, and the
//    browser is sent to the same URL without the token;
// 2. the session cookie is resolved (Redis: unknown, tampered, expired or revoked → logged out, the cookie cleared);
// 3. default deny: without a session only the public paths answer; pages redirect to /login?next=…, /api/ answers
//    401 JSON. Scopes (which province) are checked by the routes themselves, through guard.ts and api/endpoint.ts.
import { json, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { getApp } from '../app.ts';
import { exchangeWallToken, logout, syncRevocations } from './service.ts';
import { resolveSession, type Session } from './sessions.ts';
import { SESSION_COOKIE } from './tokens.ts';

/** Answer without a session: login and logout, probes, ingest (its own keys), the API description, static assets. */
const PUBLIC = [/^\/login\/?$/, /^\/logout\/?$/, /^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/api\/v1\/events$/, /^\/openapi\.yaml$/, /^\/favicon\.svg$/, /^\/geo\//, /^\/_app\//, /^\/robots\.txt$/];

export const isPublicPath = (pathname: string) => PUBLIC.some((p) => p.test(pathname));

export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress();
	} catch {
		return '';
	}
}

/** The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when the request came over https, until the session's absolute expiry. */
export function setSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>, id: string, session: Pick<Session, 'expiresAt'>): void {
	event.cookies.set(SESSION_COOKIE, id, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: Math.max(1, Math.ceil((session.expiresAt - Date.now()) / 1000))
	});
}

export function clearSessionCookie(event: { cookies: Cookies; url: URL }): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: event.url.protocol === 'https:' });
}

const unavailable = () =>
	json({ error: { message: 'sessions cannot be checked right now (Redis unavailable); retry shortly' } }, { status: 503, headers: { 'retry-after': '5', 'cache-control': 'no-store' } });

/**
 * Sets event.locals.principal / session. Returns a Response when the request is answered here (401, 503, a refused
 * wall token); throws a redirect for the token exchange and for pages that need a login; else null (go on).
 */
export async function authenticate(event: RequestEvent): Promise<Response | null> {
	const app = await getApp();
	// Revocations the CLI recorded while the server was down reach Redis before the first session is trusted.
	await syncRevocations(app).catch(() => {});
	event.locals.principal = null;
	event.locals.session = null;
	const { pathname } = event.url;

	const token = event.url.searchParams.get('token');
	if (token !== null && (event.request.method === 'GET' || event.request.method === 'HEAD') && !pathname.startsWith('/api/')) {
		const target = new URL(event.url);
		target.searchParams.delete('token');
		let result;
		try {
			result = await exchangeWallToken(app, token, clientAddress(event), event.request.headers.get('user-agent') ?? undefined);
		} catch (error) {
			app.log.warn({ err: (error as Error).message }, 'could not exchange a wall token');
			return unavailable();
		}
		if (!result.ok) {
			const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
			if (result.retryAfterSeconds) headers['retry-after'] = String(result.retryAfterSeconds);
			return new Response(result.message + '\n', { status: result.status, headers });
		}
		const previous = event.cookies.get(SESSION_COOKIE);
		if (previous) await logout(app, previous).catch(() => {});
		setSessionCookie(event, result.id, result.session);
		redirect(303, target.pathname + target.search);
	}

	const id = event.cookies.get(SESSION_COOKIE);
	if (id !== undefined) {
		let session: Session | null;
		try {
			session = await resolveSession(app.redis, id);
		} catch (error) {
			app.log.warn({ err: (error as Error).message }, 'could not look up a session');
			return unavailable();
		}
		if (session) {
			event.locals.session = session;
			event.locals.principal = session.principal;
		} else clearSessionCookie(event);
	}

	if (!event.locals.principal && !isPublicPath(pathname)) {
		if (pathname.startsWith('/api/')) {
			return json(
				{ error: { message: 'log in first: POST /login (JSON {username, password}) or open /login in a browser' } },
				{ status: 401, headers: { 'cache-control': 'no-store' } }
			);
		}
		redirect(303, `/login?next=${encodeURIComponent(pathname + event.url.search)}`);
	}
	return null;
}

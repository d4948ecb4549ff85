// POST /login with JSON {username, password[, next]}: the session cookie (HttpOnly, SameSite=Lax, Path=/, Secure over
// https) and {ok, next, user}; 401 wrong username or password; 429 + Retry-After while the username or the address is
// locked after repeated failures. Browsers' form posts go to the page's action (+page.server.ts) instead.
import { json, type RequestHandler } from '@sveltejs/kit';
import { crossSiteJson, loginFromRequest } from '#lib/server/auth/routes.ts';
import { safeNext } from '#lib/server/auth/tokens.ts';

export const POST: RequestHandler = async (event) => {
	const refused = crossSiteJson(event);
	if (refused) return refused;
	let body: Record<string, unknown>;
	try {
		body = (await event.request.json()) as Record<string, unknown>;
	} catch {
		return json({ error: { message: 'the body must be JSON: {"username": "...", "password": "..."}' } }, { status: 400 });
	}
	if (typeof body !== 'object' || body === null) return json({ error: { message: 'the body must be a JSON object' } }, { status: 400 });
	const result = await loginFromRequest(event, body.username, body.password);
	const noStore = { 'cache-control': 'no-store' };
	if (!result.ok) {
		const headers: Record<string, string> = { ...noStore };
		if (result.retryAfterSeconds) headers['retry-after'] = String(result.retryAfterSeconds);
		return json({ error: { message: result.message, retryAfterSeconds: result.retryAfterSeconds } }, { status: result.status, headers });
	}
	const { principal } = result.session;
	return json({ ok: true, next: safeNext(typeof body.next === 'string' ? body.next : null), user: { name: principal.name, role: principal.role, province: principal.province } }, { headers: noStore });
};

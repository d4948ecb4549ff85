// POST /logout (JSON, or any non-HTML client): ends the session (Redis), drops its sockets, clears the cookie. 200 {ok}.
// Browsers' form posts go to the page's action (+page.server.ts), which then redirects to /login.
import { json, type RequestHandler } from '@sveltejs/kit';
import { crossSiteJson, logoutFromRequest } from '#lib/server/auth/routes.ts';

export const POST: RequestHandler = async (event) => {
	const refused = crossSiteJson(event);
	if (refused) return refused;
	await logoutFromRequest(event);
	return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
};

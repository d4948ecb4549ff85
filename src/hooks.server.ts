import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { getApp, startApp } from '#lib/server/app.ts';
import { authenticate } from '#lib/server/auth/handle.ts';
import { bootstrapFirstAdmin } from '#lib/server/auth/bootstrap.ts';

// Boots config, Redis, ClickHouse (with migrations) and, in embedded mode, the ingest worker, before the first request.
// In development with no user yet, makes a first admin (AUTH_BOOTSTRAP_ADMIN; its password goes to a file, not the log).
export const init: ServerInit = async () => {
	const app = await startApp();
	await bootstrapFirstAdmin(app);
};

function secure(response: Response, url: URL): Response {
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY'); // frame-ancestors 'none' for browsers without CSP
	// HSTS only where the request came over TLS (directly or as told by a trusted proxy's X-Forwarded-Proto).
	if (url.protocol === 'https:') response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	return response;
}

// Access control first (src/lib/server/auth/handle.ts): the session (or a kiosk's wall token) becomes
// event.locals.principal; without one only public paths answer. Scopes are checked by the routes (guard.ts,
// api/endpoint.ts). SvelteKit's own origin check of form posts (CSRF) runs before this and stays on.
export const handle: Handle = async ({ event, resolve }) => {
	const early = await authenticate(event);
	if (early) return secure(early, event.url);
	const response = await resolve(event);
	return secure(response, event.url);
};

/** Unexpected errors go to the structured log with their route; the client keeps SvelteKit's generic message. */
export const handleError: HandleServerError = async ({ kind, error, event }) => {
	// error(403) / error(404) and SvelteKit's own 404s are answers, not faults.
	if (kind !== 'unknown') return;
	const app = await getApp().catch(() => null);
	const detail = { route: event.route.id, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) };
	if (app) app.log.error(detail, 'unexpected error while handling a request');
	else console.error(detail);
};

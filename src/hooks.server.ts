import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { getApp, startApp } from '#lib/server/app.ts';

// Boots config, Redis, ClickHouse (with migrations) and, in embedded mode, the ingest worker, before the first request.
export const init: ServerInit = async () => {
	await startApp();
};

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY'); // frame-ancestors 'none' for browsers without CSP
	// HSTS only where the request came over TLS (directly or as told by a trusted proxy's X-Forwarded-Proto).
	if (event.url.protocol === 'https:') response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	return response;
};

/** Unexpected errors go to the structured log with their route; the client keeps SvelteKit's generic message. */
export const handleError: HandleServerError = async ({ error, event }) => {
	const app = await getApp().catch(() => null);
	const detail = { route: event.route.id, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) };
	if (app) app.log.error(detail, 'unexpected error while handling a request');
	else console.error(detail);
};

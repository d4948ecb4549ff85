import type { Handle, ServerInit } from '@sveltejs/kit/hooks';
import { startApp } from '#lib/server/app.ts';

// Boots config, Redis, ClickHouse (with migrations) and, in embedded mode, the ingest worker, before the first request.
export const init: ServerInit = async () => {
	await startApp();
};

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	return response;
};

// Prometheus scrape endpoint.
import type { RequestHandler } from '@sveltejs/kit';
import { getApp } from '#lib/server/app.ts';
import { registry } from '#lib/server/metrics.ts';

export const GET: RequestHandler = async () => {
	const app = await getApp();
	await app.queue.updateMetrics().catch(() => {});
	return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType } });
};

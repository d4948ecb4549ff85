// Prometheus scrape endpoint. Public unless METRICS_TOKEN is set: then `Authorization: Bearer <METRICS_TOKEN>` (401
// otherwise). Without a token, restrict it at the proxy.
import type { RequestHandler } from '@sveltejs/kit';
import { getApp } from '#lib/server/app.ts';
import { metricsAuthorized, registry } from '#lib/server/metrics.ts';

export const GET: RequestHandler = async ({ request }) => {
	const app = await getApp();
	if (!metricsAuthorized(request.headers.get('authorization'), app.config.metricsToken)) {
		return new Response('401 Unauthorized: /metrics needs Authorization: Bearer <METRICS_TOKEN>\n', {
			status: 401,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer realm="metrics"', 'Cache-Control': 'no-store' }
		});
	}
	await app.queue.updateMetrics().catch(() => {});
	return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType } });
};

// "Now" for live screens and for API answers without an asOf: the wall clock, or, with LIVE_CLOCK=data, the newest
// event time committed (kept in Redis by the worker), so a simulated 2021 campaign has a today and a live hour.
import type { App } from './app.ts';
import { DATA_CLOCK_KEY } from './ingest/job.ts';

export async function liveNow(app: Pick<App, 'config' | 'redis'>): Promise<number> {
	const wall = Date.now();
	if (app.config.liveClock === 'wall') return wall;
	const data = Number(await app.redis.get(DATA_CLOCK_KEY).catch(() => null));
	return data > 0 ? Math.min(wall, data) : wall;
}

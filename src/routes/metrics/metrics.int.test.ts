// GET /metrics through the production entry (`node src/main.ts`) against the built app: public when METRICS_TOKEN is
// unset (restrict it at the proxy), else only with `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../lib/server/testing/redis.ts';
import { startChildServer, tempDataDir, testEnv, type ChildServer } from '../../lib/server/testing/server.ts';

const TOKEN = 'scrape-5f0e8c1d2b3a49687766554433221100';

let redis: TestRedis;
let open: ChildServer;
let guarded: ChildServer;

beforeAll(async () => {
	redis = await startTestRedis();
	const env = (extra: Record<string, string>) => testEnv(tempDataDir(), redis.url, { SIMULATOR: 'off', ALERTS: 'off', ...extra });
	[open, guarded] = await Promise.all([startChildServer(env({})), startChildServer(env({ METRICS_TOKEN: TOKEN }))]);
}, 180_000);
afterAll(async () => {
	await open?.stop();
	await guarded?.stop();
	await redis?.stop();
});

const scrape = (server: ChildServer, headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });

describe('without METRICS_TOKEN', () => {
	it('answers every scrape, as before', async () => {
		const response = await scrape(open);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await response.text()).toContain('mcc_ingest_events_accepted_total');
		expect((await scrape(open, { authorization: 'Bearer whatever' })).status).toBe(200);
	});
});

describe('with METRICS_TOKEN', () => {
	it('answers 401 without the bearer token, or with another one, and reveals no metric', async () => {
		const refused: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-0000000000000000' }, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }, { authorization: TOKEN }, { authorization: `Bearer ${TOKEN}0` }];
		for (const headers of refused) {
			const response = await scrape(guarded, headers);
			expect(response.status, JSON.stringify(headers)).toBe(401);
			expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
			const body = await response.text();
			expect(body).not.toContain('mcc_');
			expect(body).not.toContain(TOKEN);
		}
	});

	it('answers 200 with the metrics for `Authorization: Bearer <METRICS_TOKEN>`', async () => {
		const response = await scrape(guarded, { authorization: `Bearer ${TOKEN}` });
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('mcc_ingest_events_accepted_total');
	});

	it('leaves the probes public', async () => {
		expect((await fetch(`${guarded.url}/healthz`)).status).toBe(200);
		expect((await fetch(`${guarded.url}/readyz`)).status).toBe(200);
	});
});

// The read API over HTTP against the built app, on a simulated campaign loaded into its engine: JSON answers agree
// with the query layer, CSV exports are tables, bad parameters get a 400 naming the parameter and the rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../../lib/server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, type InProcessServer } from '../../../lib/server/testing/server.ts';
import { loadCampaign } from '../../../lib/server/testing/campaign.ts';
import { loginAs } from '../../../lib/server/testing/auth.ts';
import { coverage } from '../../../lib/server/queries/coverage.ts';
import type { NationalSnapshot } from '../../../lib/server/snapshots/national.ts';
import type { ProvinceSnapshot } from '../../../lib/server/snapshots/province.ts';
import type { SiteSnapshot } from '../../../lib/server/snapshots/site.ts';

let redis: TestRedis;
let server: InProcessServer;
let cookie: string;
const AS_OF = '2021-08-09T10:30:00+07:00';

beforeAll(async () => {
	redis = await startTestRedis();
	server = await startInProcessServer(testEnv(tempDataDir(), redis.url, { SIMULATOR: 'off' }));
	await loadCampaign(server.app.clickhouse, { seed: 3, scale: 0.002, from: '2021-08-02', to: '2021-08-10', provinces: ['01', '79'] });
	cookie = await loginAs(server, 'national-viewer'); // the read API needs a session (access rules: auth/auth.int.test.ts)
}, 120_000);
afterAll(async () => {
	await server?.close();
	await redis?.stop();
});

const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie } });

describe('read API', () => {
	it('answers coverage for a scope and instant as the query layer does', async () => {
		const response = await get(`/api/v1/coverage?scope=province:79&asOf=${encodeURIComponent(AS_OF)}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('x-mcc-as-of')).toBe(new Date(AS_OF).toISOString());
		const body = await response.json();
		expect(body).toEqual(await coverage(server.app.clickhouse, { level: 'province', province: '79' }, Date.parse(AS_OF)));
		expect(body.doses).toBeGreaterThan(0);
	});

	it('gives the national snapshot: 63 provinces, the two targets, the worst ten, hours and days', async () => {
		const snapshot = (await (await get(`/api/v1/snapshot/national?asOf=${Date.parse(AS_OF)}`)).json()) as NationalSnapshot;
		expect(snapshot.provinces).toHaveLength(63);
		expect(snapshot.day).toBe('2021-08-09');
		expect(snapshot.national.targets.map((t) => t.target)).toEqual(['adults-2021', 'population-q1-2022']);
		expect(snapshot.national.total.doses).toBe(snapshot.provinces.reduce((s, p) => s + p.total.doses, 0));
		expect(snapshot.national.population).toBeGreaterThan(96_000_000);
		// Only Hà Nội and TP HCM were simulated: they have doses, and the worst ten are among the 61 others.
		expect(snapshot.provinces.filter((p) => p.total.doses > 0).map((p) => p.code)).toEqual(['01', '79']);
		expect(snapshot.worst).toHaveLength(10);
		expect(snapshot.worst).not.toContain('79');
		expect(snapshot.hourly.length).toBeGreaterThan(0);
		expect(snapshot.daily).toHaveLength(30);
	});

	it('gives a province snapshot (districts, every site, the pipeline) and a site snapshot that agree', async () => {
		const province = (await (await get(`/api/v1/snapshot/province?scope=province:01&asOf=${Date.parse(AS_OF)}`)).json()) as ProvinceSnapshot;
		expect(province.code).toBe('01');
		expect(province.districts.length).toBeGreaterThan(10);
		expect(province.districts.reduce((s, d) => s + d.total.doses, 0)).toBe(province.progress.total.doses);
		expect(province.sites.reduce((s, x) => s + x.dosesToday, 0)).toBe(province.progress.today.doses);
		expect(province.pipeline.injected).toBe(province.progress.today.doses);
		const busiest = province.sites.toSorted((a, b) => b.dosesToday - a.dosesToday)[0];
		expect(busiest.dosesToday).toBeGreaterThan(0);
		const site = (await (await get(`/api/v1/snapshot/site?scope=site:${busiest.id}&asOf=${Date.parse(AS_OF)}`)).json()) as SiteSnapshot;
		expect(site.site.id).toBe(busiest.id);
		expect(site.pipeline.injected).toBe(busiest.dosesToday);
		expect(site.pipeline.waitingForScreening + site.pipeline.waitingForInjection).toBe(busiest.waiting);
		expect(site.hourly.reduce((s, h) => s + h.doses, 0)).toBe(busiest.dosesToday);
		expect((await get('/api/v1/snapshot/site?scope=province:01')).status).toBe(400);
	});

	it('exports any table as CSV', async () => {
		const response = await get(`/api/v1/snapshot/national?asOf=${Date.parse(AS_OF)}&format=csv`);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const lines = (await response.text()).replace(/^\ufeff/, '').trim().split('\r\n');
		expect(lines[0].split(',').slice(0, 4)).toEqual(['code', 'population', 'population18', 'total.doses']);
		expect(lines).toHaveLength(64);
		const bytes = Buffer.from(await (await get(`/api/v1/coverage?scope=national&asOf=${Date.parse(AS_OF)}&format=csv&table=byAgeBand`)).arrayBuffer());
		// A byte-order mark first, so that spreadsheet programs read the Vietnamese names as UTF-8.
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe('ageBand,doses,atLeastOne,full,boosted');
	});

	it('refuses bad parameters with the parameter and the rule', async () => {
		for (const [query, param, rule] of [
			['scope=province:99', 'scope', /63 GSO codes/],
			['scope=site:nowhere', 'scope', /unknown/],
			['scope=planet', 'scope', /must be national, province:NN/],
			['asOf=2021-08-09T10:30:00', 'asOf', /time zone/],
			['asOf=2019-01-01T00:00:00Z', 'asOf', /before 2021/],
			['format=xml', 'format', /json or csv/],
			['format=csv&table=nope', 'table', /must be one of/],
			['days=0', 'days', /from 1 to 400/]
		] as const) {
			const response = await get(`/api/v1/doses?${query}`);
			expect(response.status, query).toBe(400);
			const { error } = await response.json();
			expect(error.param).toBe(param);
			expect(error.message).toMatch(rule);
		}
		expect((await get('/api/v1/snapshot/national?scope=province:01')).status).toBe(400);
	});
});

// The operator console in Debian's Chromium: an alert raised by the engine on a simulated trouble spot is
// acknowledged and resolved in one console, and a second open console sees each change live; an admin may look but
// not act, a viewer is kept out. Screenshot in test-results/ops-vi.png.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestRedis, type TestRedis } from '../../lib/server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, ROOT, type InProcessServer } from '../../lib/server/testing/server.ts';
import { launchChromium } from '../../lib/server/testing/browser.ts';
import { loadCampaign } from '../../lib/server/testing/campaign.ts';
import { browserCookies, loginAs } from '../../lib/server/testing/auth.ts';
import { DATA_CLOCK_KEY } from '../../lib/server/ingest/job.ts';
import { runAlertPass } from '../../lib/server/alerts/engine.ts';

const SHOTS = join(ROOT, 'test-results');
let redis: TestRedis;
let server: InProcessServer;
let browser: Browser;
let excursionAt: number;
let facility: string;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	redis = await startTestRedis();
	server = await startInProcessServer(testEnv(tempDataDir(), redis.url, { SIMULATOR: 'off', LIVE_CLOCK: 'data', POPULATION_SCALE: '0.002', ALERTS: 'off' }));
	const { simulation } = await loadCampaign(server.app.clickhouse, { seed: 7, scale: 0.002, from: '2021-08-02', to: '2021-08-06', provinces: ['48'] });
	const spot = simulation.troubles.find((t) => t.kind === 'coldchain_excursion')!;
	excursionAt = spot.from + 50 * 60_000;
	facility = spot.facilityId!;
	await server.app.redis.set(DATA_CLOCK_KEY, String(excursionAt));
	await runAlertPass(server.app, { clearAfterMs: 600_000, escalateAfterMs: 900_000 }, excursionAt);
	browser = await launchChromium();
}, 180_000);
afterAll(async () => {
	await browser?.close();
	await server?.close();
	await redis?.stop();
});

async function consoleAs(role: 'operator' | 'admin' | 'national-viewer'): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	await context.addCookies(browserCookies(server.url, await loginAs(server, role)));
	const page = await context.newPage();
	await page.goto(`${server.url}/ops`, { waitUntil: 'networkidle' });
	return page;
}

const alertRow = (page: Page) => page.locator(`[data-testid="alert"]`, { hasText: 'Nhiệt độ bảo quản vượt ngưỡng' }).first();

it('acknowledges and resolves an alert in one console; a second console sees it change', async () => {
	const [first, second] = [await consoleAs('operator'), await consoleAs('operator')];
	for (const page of [first, second]) await expect.poll(() => alertRow(page).getAttribute('data-state'), { timeout: 10_000 }).toBe('open');
	expect(await alertRow(first).textContent()).toContain('°C');
	await first.screenshot({ path: join(SHOTS, 'ops-vi.png') });

	await alertRow(first).locator('button.summary').click();
	await first.getByTestId('note').fill('Đã gọi điểm tiêm, chuyển vắc xin sang tủ dự phòng');
	await first.getByTestId('acknowledge').click();
	await expect.poll(() => alertRow(second).getAttribute('data-state'), { timeout: 5_000 }).toBe('acknowledged');

	await first.getByTestId('note').fill('Tủ lạnh đã sửa, nhiệt độ về 5 °C');
	await first.getByTestId('resolve').click();
	await expect.poll(() => alertRow(second).getAttribute('data-state'), { timeout: 5_000 }).toBe('resolved');
	const history = (await (await fetch(`${server.url}/api/v1/alerts/${await alertRow(second).getAttribute('data-alert-id')}`, { headers: { cookie: await loginAs(server, 'operator') } })).json()).history;
	expect(history.map((h: { transition: string }) => h.transition)).toEqual(['opened', 'acknowledged', 'resolved_by_hand']);
	expect(facility).toMatch(/^S-48-/);
});

it('lets an admin look at the queue but not act on it, and keeps viewers out', async () => {
	const page = await consoleAs('admin');
	await expect.poll(() => page.locator('[data-testid="alert"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
	await alertRow(page).locator('button.summary').click();
	expect(await page.getByTestId('acknowledge').count()).toBe(0);
	const viewer = await consoleAs('national-viewer');
	expect(await viewer.locator('[data-testid="queue"]').count()).toBe(0);
});

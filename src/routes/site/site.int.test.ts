// The site screen in real headless Chromium against the built app, on a simulated campaign: the live pipeline and
// today's totals are the snapshot API's, the locator map draws, an event posted to the ingest API shows within 2 s,
// English is one click away, and nothing errs or breaks the CSP. Screenshot (1920 × 1080): test-results/site-vi.png.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ProvinceSnapshot } from '#lib/server/snapshots/province.ts';
import type { SiteSnapshot } from '#lib/server/snapshots/site.ts';
import { PROVINCE, SHOTS, en, startScreens, visitPoster, vi, watch, type Screens } from '../province/screens.testing.ts';

let screens: Screens;
let page: Page;
let problems: string[];
let siteId: string;
let snapshot: SiteSnapshot;

beforeAll(async () => {
	screens = await startScreens();
	const province = await screens.api<ProvinceSnapshot>(`/api/v1/snapshot/province?scope=province:${PROVINCE}`);
	siteId = province.sites.toSorted((a, b) => b.dosesToday - a.dosesToday || a.id.localeCompare(b.id))[0].id;
	snapshot = await screens.api<SiteSnapshot>(`/api/v1/snapshot/site?scope=site:${siteId}`);
	page = await screens.context.newPage();
	problems = watch(page);
	await page.goto(`${screens.server.url}/site/${siteId}`, { waitUntil: 'networkidle' });
}, 120_000);
afterAll(async () => {
	await screens?.close();
});

const text = (testid: string) => page.getByTestId(testid).first().textContent();

it('shows the live pipeline, today’s totals, deferrals, AEFI, trends, stock, facility and its map', async () => {
	await expect.poll(() => text('freshness'), { timeout: 20_000 }).toContain('Trực tuyến');
	expect(await page.locator('h1').textContent()).toBe(snapshot.site.nameVi);
	const p = snapshot.pipeline;
	expect(p.injected).toBeGreaterThan(0);
	for (const key of ['checkedIn', 'waitingForScreening', 'waitingForInjection', 'inObservation', 'awaitingCertificate', 'certified'] as const) {
		expect(await text(`pipeline-${key}`), key).toBe(vi(p[key]));
	}
	expect(await text('doses-today')).toBe(vi(p.injected));
	expect(await text('deferred')).toBe(vi(p.deferred));
	expect(await text('aefi-severe')).toBe(vi(p.aefi.severe));
	expect(await page.getByTestId('deferral-reasons').locator('li').count()).toBe(8);
	expect(await text('deferral-reasons')).toContain('Bệnh cấp tính');
	expect(await text('certificate-lag')).toContain('phút');
	await expect.poll(() => page.getByTestId('site-map').locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
	expect(await page.getByTestId('province-link').getAttribute('href')).toBe(`/province/${PROVINCE}`);
	// Stock by lot and days of supply, when the snapshot has them (they are read defensively).
	const { stock = [], supply = [] } = snapshot as SiteSnapshot & { stock?: { expiry: string }[]; supply?: unknown[] };
	if (stock.length === 0) expect(await text('stock')).toContain('Chưa có số liệu tồn kho');
	else expect(await page.getByTestId('lot-table').locator('tbody tr').count()).toBe(stock.length);
	const soon = stock.filter((l) => l.expiry !== '' && Date.parse(l.expiry) - Date.parse(snapshot.day) <= 14 * 86_400_000).length;
	expect(await page.getByTestId('lot-expiring').count()).toBe(soon);
	if (supply.length > 0) expect(await page.getByTestId('supply-table').locator('tbody tr').count()).toBe(supply.length);
	await page.screenshot({ path: join(SHOTS, 'site-vi.png') });
});

it('shows an event posted to the ingest API within 2 s', async () => {
	const postVisit = await visitPoster(screens, siteId);
	const posted = Date.now();
	await postVisit();
	await page.waitForFunction((expected) => document.querySelector('[data-testid="doses-today"]')?.textContent === expected, vi(snapshot.pipeline.injected + 1), { timeout: 5_000 });
	expect(Date.now() - posted).toBeLessThan(2_000);
	expect(await text('pipeline-checkedIn')).toBe(vi(snapshot.pipeline.checkedIn + 1));
	snapshot = await screens.api<SiteSnapshot>(`/api/v1/snapshot/site?scope=site:${siteId}`);
	expect(await text('pipeline-inObservation')).toBe(vi(snapshot.pipeline.inObservation));
});

it('switches to English and back up to the province', async () => {
	await page.getByRole('link', { name: 'English' }).click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 5_000 }).toBe(snapshot.site.nameEn);
	expect(await text('deferral-reasons')).toContain('Acute illness');
	expect(await text('doses-today')).toBe(en(snapshot.pipeline.injected));
	await page.getByTestId('back').click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('Hanoi');
	expect(problems).toEqual([]);
});

it('answers 404 for an unknown site', async () => {
	const other = await screens.context.newPage();
	expect((await other.goto(`${screens.server.url}/site/NO-SUCH-SITE`))!.status()).toBe(404);
	await other.close();
});

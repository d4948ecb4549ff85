// The province screen in real headless Chromium against the built app, on a simulated campaign: the numbers are the
// snapshot API's, the map draws, the tables sort and export, an event posted to the ingest API shows within 2 s,
// the time control shows a past instant, English is one click away, and nothing errs or breaks the CSP.
// Screenshots (1920 × 1080) go to test-results/province-vi.png and province-en.png.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ProvinceSnapshot } from '#lib/server/snapshots/province.ts';
import { PROVINCE, SHOTS, en, startScreens, visitPoster, vi, watch, type Screens } from './screens.testing.ts';

let screens: Screens;
let page: Page;
let problems: string[];
let snapshot: ProvinceSnapshot;

beforeAll(async () => {
	screens = await startScreens();
	snapshot = await screens.api<ProvinceSnapshot>(`/api/v1/snapshot/province?scope=province:${PROVINCE}`);
	page = await screens.context.newPage();
	problems = watch(page);
	await page.goto(`${screens.server.url}/province/${PROVINCE}`, { waitUntil: 'networkidle' });
}, 120_000);
afterAll(async () => {
	await screens?.close();
});

const busiestFirst = (s: ProvinceSnapshot) => s.sites.filter((x) => x.lastEventAt !== null || x.dosesToday > 0).toSorted((a, b) => b.dosesToday - a.dosesToday || a.id.localeCompare(b.id));
const text = (testid: string) => page.getByTestId(testid).first().textContent();

it('shows the snapshot: counters, targets, map canvas, district and site tables', async () => {
	await expect.poll(() => text('freshness'), { timeout: 20_000 }).toContain('Trực tuyến');
	expect(await page.locator('h1').textContent()).toBe('Hà Nội');
	expect(snapshot.progress.today.doses).toBeGreaterThan(0);
	expect(await text('doses-total')).toBe(vi(snapshot.progress.total.doses));
	expect(await text('doses-today')).toBe(vi(snapshot.progress.today.doses));
	expect(await text('at-least-one')).toBe(vi(snapshot.progress.total.atLeastOne));
	expect(await text('target-adults-2021')).toContain('18');
	expect(await text('target-population-q1-2022')).toContain('70');
	// maplibre's canvas and deck.gl's, inside the map panel.
	await expect.poll(() => page.getByTestId('province-map').locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
	expect(await page.getByTestId('district-table').locator('tbody tr').count()).toBe(snapshot.districts.length);
	const active = busiestFirst(snapshot);
	const rows = page.getByTestId('site-table').locator('tbody tr');
	expect(await rows.count()).toBe(active.length);
	expect(await rows.first().getAttribute('data-key')).toBe(active[0].id);
	expect(await text('pipeline-waitingForScreening')).toBe(vi(snapshot.pipeline.waitingForScreening));
	expect(await text('pipeline-inObservation')).toBe(vi(snapshot.pipeline.inObservation));
	// Every site of the province, not only the active ones, with the toggle off.
	await page.getByTestId('active-only').uncheck();
	expect(await rows.count()).toBe(snapshot.sites.length);
	await page.getByTestId('active-only').check();
	await page.screenshot({ path: join(SHOTS, 'province-vi.png') });
});

it('sorts the site table by the clicked column, again the other way', async () => {
	const table = page.getByTestId('site-table');
	const column = table.locator('th button[data-column="tables"]');
	await column.click();
	const byTables = busiestFirst(snapshot).toSorted((a, b) => b.tables - a.tables || a.id.localeCompare(b.id));
	expect(await column.locator('..').getAttribute('aria-sort')).toBe('descending');
	expect(await table.locator('tbody tr').first().getAttribute('data-key')).toBe(byTables[0].id);
	await column.click();
	expect(await column.locator('..').getAttribute('aria-sort')).toBe('ascending');
	const fewestTables = busiestFirst(snapshot).toSorted((a, b) => a.tables - b.tables || a.id.localeCompare(b.id));
	expect(await table.locator('tbody tr').first().getAttribute('data-key')).toBe(fewestTables[0].id);
	await table.locator('th button[data-column="dosesToday"]').click();
	expect(await table.locator('tbody tr').first().getAttribute('data-key')).toBe(busiestFirst(snapshot)[0].id);
});

it('links the CSV export of the site table', async () => {
	const href = await page.getByTestId('csv').getAttribute('href');
	expect(href).toBe(`/api/v1/snapshot/province?scope=province:${PROVINCE}&format=csv&table=sites`);
	const response = await fetch(`${screens.server.url}${href}`, { headers: { cookie: screens.cookie } });
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toContain('text/csv');
	expect(await response.text()).toContain(busiestFirst(snapshot)[0].id);
});

it('shows an event posted to the ingest API within 2 s', async () => {
	const site = busiestFirst(snapshot)[0];
	const row = page.getByTestId('site-table').locator(`tbody tr[data-key="${site.id}"]`);
	const postVisit = await visitPoster(screens, site.id);
	const posted = Date.now();
	await postVisit();
	await page.waitForFunction((expected) => document.querySelector('[data-testid="doses-today"]')?.textContent === expected, vi(snapshot.progress.today.doses + 1), { timeout: 5_000 });
	expect(Date.now() - posted).toBeLessThan(2_000);
	expect(await text('doses-total')).toBe(vi(snapshot.progress.total.doses + 1));
	await expect.poll(() => row.locator('td').nth(3).textContent()).toBe(vi(site.dosesToday + 1));
	snapshot = await screens.api<ProvinceSnapshot>(`/api/v1/snapshot/province?scope=province:${PROVINCE}`);
	expect(await text('pipeline-checkedIn')).toBe(vi(snapshot.pipeline.checkedIn));
});

it('shows a past instant from the time control, replays the day, then goes live again', async () => {
	const nine = Date.parse('2021-08-23T09:00:00+07:00');
	const past = await screens.api<ProvinceSnapshot>(`/api/v1/snapshot/province?scope=province:${PROVINCE}&asOf=${nine}`);
	// A range input cannot be typed into: set it as a drag would, with an input event.
	await page.getByTestId('pick-time').evaluate((input: HTMLInputElement, minute) => {
		input.value = String(minute);
		input.dispatchEvent(new Event('input', { bubbles: true }));
	}, 9 * 60);
	await page.getByTestId('travel').click();
	await expect.poll(() => page.getByTestId('freshness').getAttribute('data-state')).toBe('past');
	await expect.poll(() => text('doses-today')).toBe(vi(past.progress.today.doses));
	expect(page.url()).toContain(`asOf=${encodeURIComponent(new Date(nine).toISOString())}`);
	// The replay moves through the day, 10 minutes a second, until paused.
	await page.getByTestId('replay').click();
	await expect.poll(() => page.getByTestId('time-control').textContent(), { timeout: 5_000 }).toContain('09:20');
	await page.getByTestId('replay').click();
	await page.getByTestId('live').click();
	await expect.poll(() => text('doses-today')).toBe(vi(snapshot.progress.today.doses));
	expect(await page.getByTestId('freshness').getAttribute('data-state')).toBe('live');
});

it('switches to English', async () => {
	await page.getByRole('link', { name: 'English' }).click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 5_000 }).toBe('Hanoi');
	expect(await text('doses-total')).toBe(en(snapshot.progress.total.doses));
	await expect.poll(() => text('freshness')).toContain('Live');
	expect(await page.getByTestId('back').getAttribute('href')).toBe('/?lang=en');
	await page.screenshot({ path: join(SHOTS, 'province-en.png') });
	expect(problems).toEqual([]);
});

it('answers 404 for an unknown province and 403 for another province of a provincial viewer', async () => {
	const other = await screens.context.newPage();
	expect((await other.goto(`${screens.server.url}/province/99`))!.status()).toBe(404);
	expect((await other.goto(`${screens.server.url}/province/79`))!.status()).toBe(403);
	await other.close();
});

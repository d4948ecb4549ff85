// The home screen (the national wall) in real headless Chromium against the built app: live numbers move when events
// are posted, the freshness badge is there, English is one click away; and, on a simulated campaign of the 63
// provinces with a critical alert, the wall is laid out for reading from 3–5 m at 1920 × 1080 (the tile map spans the
// screen's height with names and values big enough, nothing overlaps or is cut off) in Vietnamese, English and kiosk
// mode. Screenshots go to test-results/: home-vi.png, home-en.png (empty campaign), home-campaign-vi.png,
// home-campaign-doses-vi.png (doses today on the map), home-campaign-en.png, home-kiosk-vi.png.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestRedis, type TestRedis } from '../lib/server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, ROOT, type InProcessServer } from '../lib/server/testing/server.ts';
import { launchChromium } from '../lib/server/testing/browser.ts';
import { createIngestKey } from '../lib/server/ingest/keys.ts';
import { postEvents } from '../lib/ingest-client.ts';
import { sampleEvents } from '../lib/events/sample.ts';
import { browserCookies, loginAs } from '../lib/server/testing/auth.ts';
import { loadCampaign } from '../lib/server/testing/campaign.ts';
import { runAlertPass } from '../lib/server/alerts/engine.ts';
import type { NationalSnapshot } from '../lib/server/snapshots/national.ts';
import { alertTitle } from '../lib/alerts/messages.ts';

const SHOTS = join(ROOT, 'test-results');
const VIEWPORT = { width: 1920, height: 1080 };
let redis: TestRedis;
let server: InProcessServer;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	redis = await startTestRedis();
	server = await startInProcessServer(testEnv(tempDataDir(), redis.url, { SIMULATOR: 'off', ALERTS: 'off', POPULATION_SCALE: '0.002' }));
	browser = await launchChromium();
	// Logged in as a national viewer: the session cookie, as the login page would leave it (login itself: login.int.test.ts).
	cookie = await loginAs(server, 'national-viewer');
});
afterAll(async () => {
	await browser?.close();
	await server?.close();
	await redis?.stop();
});

async function wallPage(): Promise<Page> {
	const page = await browser.newPage({ viewport: VIEWPORT });
	await page.context().addCookies(browserCookies(server.url, cookie));
	return page;
}

// The panels of the wall. Each must be on screen whole, none may overlap another (the province in focus sits in the
// map's sea, so it is checked against the map's cells instead), and nothing inside may be cut off.
const PANELS = ['counters', 'target-adults-2021', 'target-population-q1-2022', 'worst', 'ticker', 'hourly', 'daily', 'freshness'];

/** What is wrong with the wall's layout as drawn: an empty list when every panel is whole, apart and readable. */
function layoutProblems(page: Page, opts: { kiosk: boolean }): Promise<string[]> {
	const panels = [...PANELS, ...(opts.kiosk ? [] : ['time-control'])];
	return page.evaluate(
		({ panels, viewport }) => {
			const problems: string[] = [];
			const box = (el: Element) => el.getBoundingClientRect();
			const inside = (a: DOMRect, b: DOMRect, slack = 1) => a.left >= b.left - slack && a.right <= b.right + slack && a.top >= b.top - slack && a.bottom <= b.bottom + slack;
			const apart = (a: DOMRect, b: DOMRect) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
			const screen = new DOMRect(0, 0, viewport.width, viewport.height);
			const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`);
			const map = byId('province-map');
			const regions = [...panels, 'province-map'].map((id) => [id, byId(id)] as const);
			for (const [id, el] of regions) {
				if (!el) problems.push(`${id}: missing`);
				else if (box(el).width < 10 || box(el).height < 10) problems.push(`${id}: not drawn`);
				else if (!inside(box(el), screen)) problems.push(`${id}: off screen ${JSON.stringify(box(el))}`);
			}
			for (let i = 0; i < regions.length; i++)
				for (let j = i + 1; j < regions.length; j++) {
					const [a, ea] = regions[i];
					const [b, eb] = regions[j];
					if (ea && eb && !apart(box(ea), box(eb))) problems.push(`${a} overlaps ${b}`);
				}
			// Cut off: an element that clips content larger than its box, or one that sticks out of its panel. Names that
			// end in an ellipsis and alerts clamped to a few lines are cut on purpose (the province and ops screens say more).
			for (const [id, el] of regions) {
				if (!el || id === 'province-map') continue;
				const outer = box(el);
				for (const child of [el, ...el.querySelectorAll('*')]) {
					if (!(child instanceof HTMLElement) || child.clientWidth === 0) continue;
					const what = () => `${id}: ${child.tagName.toLowerCase()}.${child.className.replace(/ ?svelte-\w+/g, '')} (“${child.textContent?.trim().slice(0, 40)}”)`;
					const style = getComputedStyle(child);
					const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible';
					const cutOnPurpose = style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none';
					if (clips && !cutOnPurpose && (child.scrollHeight > child.clientHeight + 1 || child.scrollWidth > child.clientWidth + 1)) problems.push(`${what()} is cut off`);
					if (!inside(box(child), outer)) problems.push(`${what()} sticks out`);
				}
			}
			// The map: most of the screen's height; names of at least 14 px and values of at least 20 px, inside their
			// cells; the legend, the archipelagos and the province in focus drawn clear of the cells.
			if (map) {
				if (box(map).height < 0.85 * viewport.height) problems.push(`map only ${Math.round(box(map).height)} px high`);
				const cells = [...map.querySelectorAll('g.cell')];
				const px = (text: SVGTextElement) => parseFloat(text.getAttribute('font-size') ?? '0') * (text.getScreenCTM()?.a ?? 0);
				for (const cell of cells) {
					const code = cell.getAttribute('data-code');
					const tile = box(cell.querySelector('rect')!);
					const name = cell.querySelector<SVGTextElement>('text.name')!;
					const value = cell.querySelector<SVGTextElement>('text.value')!;
					if (px(name) < 14) problems.push(`${code}: name ${px(name).toFixed(1)} px`);
					if (px(value) < 20) problems.push(`${code}: value ${px(value).toFixed(1)} px`);
					for (const text of [name, value]) if (!inside(box(text), tile)) problems.push(`${code}: “${text.textContent}” leaves its cell`);
				}
				const clear = ['[data-testid="map-legend"]', '.archipelago', '[data-region]'];
				for (const selector of clear)
					for (const el of map.querySelectorAll(selector))
						for (const cell of cells) if (!apart(box(el), box(cell.querySelector('rect')!))) problems.push(`${selector} covers cell ${cell.getAttribute('data-code')}`);
				const spotlight = byId('spotlight');
				if (!spotlight || !inside(box(spotlight), box(map))) problems.push('spotlight not in the map');
			}
			// The targets' figures each on one line (the projected date used to wrap into three).
			for (const dd of document.querySelectorAll('[data-testid^="target-"] dd')) {
				const size = parseFloat(getComputedStyle(dd).fontSize);
				if (box(dd).height > 1.8 * size) problems.push(`target figure on ${Math.round(box(dd).height / size)} lines: “${dd.textContent?.trim()}”`);
			}
			return problems;
		},
		{ panels, viewport: VIEWPORT }
	);
}

it('shows live national numbers that move within 2 s of an event being posted', async () => {
	const page = await wallPage();
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
	});
	const response = await page.goto(server.url, { waitUntil: 'networkidle' });
	const headers = response!.headers();
	expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
	expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
	expect(headers['x-frame-options']).toBe('DENY');
	expect(headers['x-content-type-options']).toBe('nosniff');
	await expect.poll(() => page.getByTestId('freshness').textContent(), { timeout: 10_000 }).toContain('Trực tuyến');
	expect(await page.getByTestId('doses-total').textContent()).toBe('0');

	const { key } = await createIngestKey(server.app.clickhouse, { kind: 'facility', facilityId: 'S-01-00001', provinceCode: '01' });
	const events = sampleEvents(3_000, { seed: 11, start: Date.UTC(2021, 8, 2, 1), spanMs: 8 * 3_600_000 });
	const injected = events.filter((e) => e.type === 'visit.injected').length;
	const posted = Date.now();
	await postEvents(server.url, key, events);
	await page.waitForFunction(
		(expected) => document.querySelector('[data-testid="doses-total"]')?.textContent === expected,
		new Intl.NumberFormat('vi-VN').format(injected),
		{ timeout: 5_000 }
	);
	expect(Date.now() - posted).toBeLessThan(2_000);
	// Both targets, the tile map of 63 provinces, the worst ten and the province in focus are on the wall.
	expect(await page.getByTestId('target-adults-2021').textContent()).toContain('18');
	expect(await page.getByTestId('target-population-q1-2022').textContent()).toContain('70');
	expect(await page.getByTestId('province-map').locator('g.cell').count()).toBe(63);
	expect(await page.getByTestId('worst').locator('li').count()).toBe(10);
	await expect.poll(() => page.getByTestId('spotlight').textContent()).toBeTruthy();
	await page.screenshot({ path: join(SHOTS, 'home-vi.png') });
	expect(await layoutProblems(page, { kiosk: false })).toEqual([]);

	await page.getByRole('link', { name: 'English' }).click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 5_000 }).toBe('COVID-19 Vaccination Response Centre');
	expect(await page.getByTestId('doses-total').textContent()).toBe(new Intl.NumberFormat('en-GB').format(injected));
	await page.screenshot({ path: join(SHOTS, 'home-en.png') });
	expect(await layoutProblems(page, { kiosk: false })).toEqual([]);
	expect(violations).toEqual([]); // the page works under its own Content-Security-Policy
	await page.close();
});

it('is laid out for 3–5 m on a campaign of the 63 provinces with a critical alert: Vietnamese, English, kiosk', async () => {
	// Three weeks of every province, straight into the engine; the wall as of the hour of a cold-chain excursion, once
	// the alert engine has seen it (the time control's past instant, so the clock of this server does not matter).
	const { simulation } = await loadCampaign(server.app.clickhouse, { seed: 7, scale: 0.002, from: '2021-08-02', to: '2021-08-23T11:00:00+07:00' });
	const excursion = simulation.troubles.findLast((t) => t.kind === 'coldchain_excursion')!;
	const at = excursion.from + 40 * 60_000;
	await runAlertPass(server.app, { clearAfterMs: 600_000, escalateAfterMs: 900_000 }, at);
	const snapshot = (await (await fetch(`${server.url}/api/v1/snapshot/national?asOf=${at}`, { headers: { cookie } })).json()) as NationalSnapshot;
	expect(snapshot.ticker.length).toBeGreaterThan(0);
	expect(snapshot.national.today.doses).toBeGreaterThan(0);
	const asOf = encodeURIComponent(new Date(at).toISOString());
	const page = await wallPage();
	const problems: string[] = [];
	page.on('pageerror', (error) => problems.push(error.message));

	await page.goto(`${server.url}/?asOf=${asOf}`, { waitUntil: 'networkidle' });
	expect(await page.getByTestId('doses-today').textContent()).toBe(new Intl.NumberFormat('vi-VN').format(snapshot.national.today.doses));
	// The newest critical alerts, the newest first, and how many there are.
	expect(await page.getByTestId('ticker').locator('li').count()).toBe(Math.min(3, snapshot.ticker.length));
	expect(await page.getByTestId('ticker').locator('li').first().textContent()).toContain(alertTitle(snapshot.ticker[0].rule, 'vi'));
	expect(await page.getByTestId('ticker-count').textContent()).toBe(String(snapshot.ticker.length));
	expect(snapshot.ticker.map((a) => a.rule)).toContain('coldchain_excursion');
	expect(await page.getByTestId('freshness').getAttribute('data-state')).toBe('past');
	expect(await page.getByTestId('province-map').locator('.archipelago').allTextContents()).toEqual([
		expect.stringContaining('Hoàng Sa'),
		expect.stringContaining('Trường Sa')
	]);
	// Six metrics, each one click away; the legend names the one shown.
	expect(await page.locator('[data-testid^="metric-"]').count()).toBe(6);
	await page.getByTestId('metric-dosesToday').click();
	await expect.poll(() => page.getByTestId('map-legend').textContent()).toContain('Mũi hôm nay');
	await page.waitForTimeout(800);
	await page.screenshot({ path: join(SHOTS, 'home-campaign-doses-vi.png') });
	expect(await layoutProblems(page, { kiosk: false })).toEqual([]);
	await page.getByTestId('metric-coverage18').click();
	await expect.poll(() => page.getByTestId('map-legend').textContent()).toContain('≥ 1 mũi (18+)');
	await page.waitForTimeout(800); // the cells' colours fade in 0.6 s
	await page.screenshot({ path: join(SHOTS, 'home-campaign-vi.png') });
	expect(await layoutProblems(page, { kiosk: false })).toEqual([]);

	await page.getByRole('link', { name: 'English' }).click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 5_000 }).toBe('COVID-19 Vaccination Response Centre');
	expect(await page.getByTestId('freshness').getAttribute('data-state')).toBe('past'); // the instant survives the switch
	expect(await page.getByTestId('ticker').locator('li').first().textContent()).toContain(alertTitle(snapshot.ticker[0].rule, 'en'));
	expect(await page.getByTestId('province-map').locator('.archipelago').allTextContents()).toEqual([expect.stringContaining('Paracel'), expect.stringContaining('Spratly')]);
	await page.screenshot({ path: join(SHOTS, 'home-campaign-en.png') });
	expect(await layoutProblems(page, { kiosk: false })).toEqual([]);

	// Kiosk: no controls at all, the same wall.
	await page.goto(`${server.url}/?kiosk=1&asOf=${asOf}`, { waitUntil: 'networkidle' });
	expect(await page.locator('button, a, input').count()).toBe(0);
	expect(await page.getByTestId('province-map').locator('g.cell').count()).toBe(63);
	await page.screenshot({ path: join(SHOTS, 'home-kiosk-vi.png') });
	expect(await layoutProblems(page, { kiosk: true })).toEqual([]);
	expect(problems).toEqual([]);
	await page.close();
}, 180_000);

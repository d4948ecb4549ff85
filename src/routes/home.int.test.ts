// The home screen in real headless Chromium against the built app: live numbers move when events are posted,
// the freshness badge is there, English is one click away. Screenshots go to test-results/.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestRedis, type TestRedis } from '../lib/server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, ROOT, type InProcessServer } from '../lib/server/testing/server.ts';
import { launchChromium } from '../lib/server/testing/browser.ts';
import { createIngestKey } from '../lib/server/ingest/keys.ts';
import { postEvents } from '../lib/ingest-client.ts';
import { sampleEvents } from '../lib/events/sample.ts';
import { browserCookies, loginAs } from '../lib/server/testing/auth.ts';

const SHOTS = join(ROOT, 'test-results');
let redis: TestRedis;
let server: InProcessServer;
let browser: Browser;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	redis = await startTestRedis();
	server = await startInProcessServer(testEnv(tempDataDir(), redis.url, { SIMULATOR: 'off' }));
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
	await server?.close();
	await redis?.stop();
});

it('shows live national numbers that move within 2 s of an event being posted', async () => {
	const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
	// Logged in as a national viewer: the session cookie, as the login page would leave it (login itself: login.int.test.ts).
	await page.context().addCookies(browserCookies(server.url, await loginAs(server, 'national-viewer')));
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

	await page.getByRole('link', { name: 'English' }).click();
	await expect.poll(() => page.locator('h1').textContent(), { timeout: 5_000 }).toBe('COVID-19 Vaccination Response Centre');
	expect(await page.getByTestId('doses-total').textContent()).toBe(new Intl.NumberFormat('en-GB').format(injected));
	await page.screenshot({ path: join(SHOTS, 'home-en.png') });
	expect(violations).toEqual([]); // the page works under its own Content-Security-Policy
	await page.close();
});

// Shared by the browser tests of the province and site screens (not part of the app): the built app in this process
// with a simulated campaign of Hà Nội and TP HCM loaded straight into its engine, the live clock at the campaign's
// "now", a province viewer of Hà Nội logged in, and Debian's Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestRedis, type TestRedis } from '../../lib/server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, ROOT, type InProcessServer } from '../../lib/server/testing/server.ts';
import { launchChromium } from '../../lib/server/testing/browser.ts';
import { loadCampaign } from '../../lib/server/testing/campaign.ts';
import { browserCookies, loginAs } from '../../lib/server/testing/auth.ts';
import { DATA_CLOCK_KEY } from '../../lib/server/ingest/job.ts';
import { createIngestKey } from '../../lib/server/ingest/keys.ts';
import { postEvents } from '../../lib/ingest-client.ts';

export const SHOTS = join(ROOT, 'test-results');
export const NOW = Date.parse('2021-08-23T10:30:00+07:00');
export const PROVINCE = '01';
export const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
export const en = (n: number) => new Intl.NumberFormat('en-GB').format(n);

export interface Screens {
	server: InProcessServer;
	browser: Browser;
	/** The logged-in province viewer's Cookie header. */
	cookie: string;
	/** A browser context carrying that session, 1920 × 1080. */
	context: BrowserContext;
	api<T>(path: string): Promise<T>;
	close(): Promise<void>;
}

export async function startScreens(): Promise<Screens> {
	mkdirSync(SHOTS, { recursive: true });
	let redis: TestRedis | undefined;
	let server: InProcessServer | undefined;
	let browser: Browser | undefined;
	const close = async () => {
		await browser?.close();
		await server?.close();
		await redis?.stop();
	};
	try {
		redis = await startTestRedis();
		server = await startInProcessServer(testEnv(tempDataDir(), redis.url, { SIMULATOR: 'off', LIVE_CLOCK: 'data', POPULATION_SCALE: '0.002' }));
		await loadCampaign(server.app.clickhouse, { seed: 7, scale: 0.002, from: '2021-08-20', to: '2021-08-23T10:30:00+07:00', provinces: ['01', '79'] });
		await server.app.redis.set(DATA_CLOCK_KEY, String(NOW));
		browser = await launchChromium();
		const cookie = await loginAs(server, 'province-viewer', PROVINCE);
		const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
		await context.addCookies(browserCookies(server.url, cookie));
		const url = server.url;
		const api = async <T>(path: string): Promise<T> => {
			const response = await fetch(`${url}${path}`, { headers: { cookie } });
			if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
			return (await response.json()) as T;
		};
		return { server, browser, cookie, context, api, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/** Console errors, uncaught exceptions and Content-Security-Policy violations of a page, as they happen. */
export function watch(page: Page): string[] {
	const problems: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error' || /Content[- ]Security[- ]Policy/i.test(message.text())) problems.push(`${message.type()}: ${message.text()}`);
	});
	page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
	return problems;
}

/**
 * A facility key for a site of Hà Nội (made first: that is not part of the time an event takes to show), and a function
 * that posts one more visit there, checked in and injected a minute or two before the campaign's "now".
 */
export async function visitPoster(screens: Screens, facilityId: string): Promise<() => Promise<void>> {
	const { key } = await createIngestKey(screens.server.app.clickhouse, { kind: 'facility', facilityId, provinceCode: PROVINCE });
	return async () => {
		const visit = `V-TEST-${randomUUID().slice(0, 8)}`;
		const at = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
		const person = { citizen_id: '001190012345', birth_year: 1975, priority_group: 5, dose_number: 1 };
		const result = await postEvents(screens.server.url, key, [
			{ event_id: randomUUID(), type: 'visit.checked_in', occurred_at: at(2), visit_id: visit, ...person },
			{ event_id: randomUUID(), type: 'visit.injected', occurred_at: at(1), visit_id: visit, ...person, vaccine: 'AZ', lot_number: 'ABV5821', table_no: 1 }
		]);
		if (result.accepted !== 2) throw new Error(`events rejected: ${JSON.stringify(result.rejected)}`);
	};
}

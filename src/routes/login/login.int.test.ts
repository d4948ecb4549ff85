// Logging in and wall screens in real headless Chromium against the built app: the login page (a wrong password
// is explained, the right one leads back where the user was going), the HttpOnly cookie, logout; a kiosk opening its
// token URL lands on the same page without the token, live, and is logged out when the token is revoked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestRedis, type TestRedis } from '../../lib/server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, ROOT, type InProcessServer } from '../../lib/server/testing/server.ts';
import { launchChromium } from '../../lib/server/testing/browser.ts';
import { makeUser } from '../../lib/server/testing/auth.ts';
import { createWallToken } from '../../lib/server/auth/wall-tokens.ts';
import { revokeWallTokenEverywhere } from '../../lib/server/auth/service.ts';

const SHOTS = join(ROOT, 'test-results');
let redis: TestRedis;
let server: InProcessServer;
let browser: Browser;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	redis = await startTestRedis();
	server = await startInProcessServer(testEnv(tempDataDir(), redis.url, { SIMULATOR: 'off', ALERTS: 'off' }));
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
	await server?.close();
	await redis?.stop();
});

it('logs in on the login page and goes back to the page asked for; logs out', async () => {
	const { username, password } = await makeUser(server, 'province-viewer', '01');
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	await page.goto(`${server.url}/province/01?lang=en`);
	expect(new URL(page.url()).pathname).toBe('/login');
	expect(new URL(page.url()).searchParams.get('next')).toBe('/province/01?lang=en');

	await page.locator('input[name=username]').fill(username);
	await page.locator('input[name=password]').fill('not the password');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/Wrong username or password/);
	await page.screenshot({ path: join(SHOTS, 'login-error.png') });

	expect(await page.locator('input[name=username]').inputValue()).toBe(username); // what was typed stays
	await page.locator('input[name=password]').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL(`${server.url}/province/01?lang=en`);
	const [cookie] = (await context.cookies()).filter((c) => c.name === 'mcc_session');
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
	expect(await page.evaluate(() => document.cookie)).not.toContain('mcc_session'); // scripts cannot read it
	// Another province: refused.
	expect((await page.goto(`${server.url}/province/79`))!.status()).toBe(403);

	await page.goto(`${server.url}/logout`);
	await page.getByRole('button').click();
	await page.waitForURL(/\/login/);
	expect((await context.cookies()).filter((c) => c.name === 'mcc_session')).toEqual([]);
	await page.goto(`${server.url}/`);
	expect(new URL(page.url()).pathname).toBe('/login');
	await context.close();
});

it('a kiosk opens its token URL: the same page without the token, live; revoking the token logs it out at once', async () => {
	const { wallToken, token } = await createWallToken(server.app.clickhouse, { view: 'national', label: 'Bộ Y tế, phòng chỉ huy', createdBy: 'test' });
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = await context.newPage();
	await page.goto(`${server.url}/?kiosk=1&token=${token}`);
	expect(page.url()).toBe(`${server.url}/?kiosk=1`); // the token is gone from the address bar (and history)
	await expect.poll(() => page.getByTestId('freshness').textContent(), { timeout: 10_000 }).toContain('Trực tuyến');
	expect(await page.evaluate(() => history.length)).toBe(2); // the blank page, then "/?kiosk=1" (the 303 left no entry)
	await page.screenshot({ path: join(SHOTS, 'kiosk-national.png') });

	await revokeWallTokenEverywhere(server.app, wallToken.tokenId, { kind: 'system', name: 'test' });
	// Its socket is dropped by the server at once: the badge stops saying live.
	await expect.poll(() => page.getByTestId('freshness').textContent(), { timeout: 5_000 }).not.toContain('Trực tuyến');
	await page.reload();
	expect(new URL(page.url()).pathname).toBe('/login');
	await context.close();
});

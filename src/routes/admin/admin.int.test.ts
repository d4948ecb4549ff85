// /admin's form actions through the production entry (`node src/main.ts`, as `npm start` and the compose web service
// run it), against the built app with real Redis and the real ClickHouse engine:
// - over plain http with no proxy, a request's protocol is its connection's (http), so SvelteKit's origin check (CSRF)
//   lets a same-origin form post through — it used to refuse them all with 403, adapter-node assuming https — and
//   still refuses a foreign one, or one whose client claims https;
// - behind a proxy that terminates TLS (PROTOCOL_HEADER / HOST_HEADER), the proxy's headers decide, as before.
// The first admin comes from AUTH_BOOTSTRAP_ADMIN (DATA_DIR/initial-admin.txt): the test process never opens the
// servers' embedded engines, which only one process may hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestRedis, type TestRedis } from '../../lib/server/testing/redis.ts';
import { startChildServer, tempDataDir, testEnv, type ChildServer } from '../../lib/server/testing/server.ts';
import { loginWith, postLogin } from '../../lib/server/testing/auth.ts';
import { INITIAL_ADMIN_FILE } from '../../lib/server/auth/bootstrap.ts';

interface Served {
	redis: TestRedis;
	server: ChildServer;
	cookie: string;
}

/** `node src/main.ts` on a fresh data directory and Redis, and the session of its bootstrapped admin. */
async function serve(extra: Record<string, string>): Promise<Served> {
	const redis = await startTestRedis();
	const dataDir = tempDataDir();
	const server = await startChildServer(testEnv(dataDir, redis.url, { SIMULATOR: 'off', ALERTS: 'off', AUTH_BOOTSTRAP_ADMIN: 'on', ...extra }));
	const password = /^password: (.+)$/m.exec(readFileSync(join(dataDir, INITIAL_ADMIN_FILE), 'utf8'))![1];
	return { redis, server, cookie: await loginWith(server.url, 'admin', password) };
}

let plain: Served;
let proxied: Served;

beforeAll(async () => {
	[plain, proxied] = await Promise.all([
		// npm start: no proxy settings at all.
		serve({}),
		// A proxy that terminates TLS and says so.
		serve({ PROTOCOL_HEADER: 'x-forwarded-proto', HOST_HEADER: 'x-forwarded-host' })
	]);
}, 180_000);
afterAll(async () => {
	for (const s of [plain, proxied]) {
		await s?.server.stop();
		await s?.redis.stop();
	}
});

/** A form action as the admin page's enhanced form posts it (or, with `html`, as a browser without JavaScript). */
function action(s: Served, name: string, fields: Record<string, string>, headers: Record<string, string>, html = false): Promise<Response> {
	return fetch(`${s.server.url}/admin?/${name}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			cookie: s.cookie,
			'content-type': 'application/x-www-form-urlencoded',
			...(html ? { accept: 'text/html' } : { accept: 'application/json', 'x-sveltekit-action': 'true' }),
			...headers
		},
		body: new URLSearchParams(fields)
	});
}

/** The kiosk URL a createWallToken action answers with: it starts with the request's origin as SvelteKit saw it. */
async function kioskUrl(response: Response): Promise<string> {
	const body = (await response.json()) as { type: string; data: string };
	expect(body.type).toBe('success');
	return /"(https?:\/\/[^"]+\?kiosk=1&token=mccw_[^"]+)"/.exec(body.data)![1];
}

describe('over plain http, no proxy (npm start)', () => {
	it('a same-origin form action succeeds, and the request is seen as http', async () => {
		const origin = plain.server.url; // http://127.0.0.1:PORT
		const made = await action(plain, 'createWallToken', { view: 'province:79', label: 'HCM CDC hall' }, { origin });
		expect(made.status).toBe(200);
		expect(await kioskUrl(made)).toMatch(new RegExp(`^${origin}/province/79\\?kiosk=1&token=mccw_`));

		const created = await action(plain, 'createUser', { username: 'ops.hanoi', role: 'operator', province: '01', password: 'a long enough password' }, { origin });
		expect(created.status).toBe(200);
		expect(((await created.json()) as { type: string }).type).toBe('success');
		expect(await loginWith(plain.server.url, 'ops.hanoi', 'a long enough password')).toMatch(/^mcc_session=/);
	});

	// The admin page's forms post as whole pages: the action, then the page's load, run in one request (each setting
	// cache-control once).
	it('a same-origin form post from a browser without JavaScript renders the page with the result', async () => {
		const origin = plain.server.url;
		const page = await action(plain, 'createWallToken', { view: 'national', label: 'lobby' }, { origin }, true);
		expect(page.status).toBe(200);
		expect(await page.text()).toMatch(new RegExp(`${origin}/\\?kiosk=1&(amp;)?token=mccw_`));
	});

	it('a form action from another origin is still refused (CSRF protection stays on)', async () => {
		for (const origin of ['https://evil.example', 'http://evil.example', 'null']) {
			const forged = await action(plain, 'createUser', { username: 'from-evil', role: 'admin', password: 'a long enough password' }, { origin });
			expect(forged.status, origin).toBe(403);
			expect(await forged.text()).toMatch(/Cross-site POST form submissions are forbidden/);
		}
		const html = await action(plain, 'createUser', { username: 'from-evil', role: 'admin', password: 'a long enough password' }, { origin: 'https://evil.example' }, true);
		expect(html.status).toBe(403);
		expect((await postLogin(plain.server.url, 'from-evil', 'a long enough password')).status).toBe(401);
	});

	it('a client cannot claim https: X-Forwarded-Proto is not trusted without PROTOCOL_HEADER, nor is the header main.ts sets', async () => {
		const https = plain.server.url.replace(/^http:/, 'https:');
		for (const claim of [{ 'x-forwarded-proto': 'https' }, { 'x-mcc-connection-protocol': 'https' }] as Record<string, string>[]) {
			const response = await action(plain, 'createWallToken', { view: 'national', label: 'claimed https' }, { origin: https, ...claim });
			expect(response.status, JSON.stringify(claim)).toBe(403);
		}
		// …and the request stays http: its own origin still works with such a header.
		const own = await action(plain, 'createWallToken', { view: 'national', label: 'own origin' }, { origin: plain.server.url, 'x-forwarded-proto': 'https' });
		expect(await kioskUrl(own)).toMatch(new RegExp(`^${plain.server.url}/\\?kiosk=1`));
	});

	it('sets the session cookie without Secure and sends no HSTS over plain http', async () => {
		const response = await postLogin(plain.server.url, 'ops.hanoi', 'a long enough password');
		expect(response.status).toBe(200);
		const cookie = response.headers.getSetCookie().find((line) => line.startsWith('mcc_session='))!;
		expect(cookie.toLowerCase()).not.toMatch(/;\s*secure/);
		expect(response.headers.get('strict-transport-security')).toBeNull();
	});
});

describe('behind a proxy that terminates TLS (PROTOCOL_HEADER=x-forwarded-proto, HOST_HEADER=x-forwarded-host)', () => {
	const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'mcc.example' };

	it('a form action from the public origin succeeds, and the request is seen as https://mcc.example', async () => {
		const made = await action(proxied, 'createWallToken', { view: 'province:01', label: 'Hà Nội CDC' }, { origin: 'https://mcc.example', ...forwarded });
		expect(made.status).toBe(200);
		expect(await kioskUrl(made)).toMatch(/^https:\/\/mcc\.example\/province\/01\?kiosk=1&token=mccw_/);
	});

	it('refuses a foreign origin, and a plain http origin the proxy did not vouch for', async () => {
		const forged = await action(proxied, 'createUser', { username: 'from-evil', role: 'admin', password: 'a long enough password' }, { origin: 'https://evil.example', ...forwarded });
		expect(forged.status).toBe(403);
		// Without the proxy's headers adapter-node still assumes https, as it always did behind a proxy.
		const direct = await action(proxied, 'createWallToken', { view: 'national', label: 'direct' }, { origin: proxied.server.url });
		expect(direct.status).toBe(403);
	});

	it('marks the cookie Secure and sends HSTS when the proxy says https', async () => {
		const response = await fetch(`${proxied.server.url}/admin`, { headers: { cookie: proxied.cookie, ...forwarded } });
		expect(response.status).toBe(200);
		expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
	});
});

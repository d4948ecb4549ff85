// Access control end to end, against the built app (real Redis, the real ClickHouse engine, no mocks): a provincial
// user reads its own province and the national snapshot but no other province's detail, through pages, the API,
// CSV exports and socket.io rooms; site keys post only their own events; revoked wall tokens and ingest keys stop at
// once; login brute force is slowed; tampered cookies are rejected; the cookie's attributes; logout; the admin page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startTestRedis, type TestRedis } from '../testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, count, type InProcessServer } from '../testing/server.ts';
import { loadCampaign } from '../testing/campaign.ts';
import { loginAs, loginWith, makeUser, postLogin, sessionCookieOf } from '../testing/auth.ts';
import { getPlaces } from '../places.ts';
import { createIngestKey, KeyStore, revokeIngestKey, rotateIngestKey } from '../ingest/keys.ts';
import { sampleEvents } from '../../events/sample.ts';
import { createWallToken, revokeWallToken } from './wall-tokens.ts';
import { connectRedis } from '../redis.ts';
import { disableUserEverywhere, markIngestKeyRevokedEverywhere, revokeWallTokenEverywhere, syncRevocations } from './service.ts';
import type { JoinResult } from '../../realtime.ts';

let redis: TestRedis;
let server: InProcessServer;
const AS_OF = Date.parse('2021-08-02T10:30:00+07:00');
let hanoiSite: string;
let hcmSite: string;
let hcmDistrict: string;
let hanoiDistrict: string;
let hanoi: string; // cookie of a province-viewer of Hà Nội (01)
let national: string; // cookie of a national viewer

beforeAll(async () => {
	redis = await startTestRedis();
	server = await startInProcessServer(
		testEnv(tempDataDir(), redis.url, {
			SIMULATOR: 'off',
			ALERTS: 'off',
			LOGIN_MAX_FAILURES: '5',
			LOGIN_MAX_FAILURES_PER_IP: '12',
			LOGIN_LOCKOUT_SECONDS: '2',
			INGEST_RATE_LIMIT: '5',
			INGEST_RATE_WINDOW_SECONDS: '60',
			// A trusted proxy in front: client addresses from X-Forwarded-For, the protocol from X-Forwarded-Proto.
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			PROTOCOL_HEADER: 'x-forwarded-proto'
		})
	);
	await loadCampaign(server.app.clickhouse, { seed: 3, scale: 0.002, from: '2021-08-02', to: '2021-08-03', provinces: ['01', '79'] });
	const places = await getPlaces(server.app.clickhouse, server.app.config.populationScale);
	hanoiSite = places.sitesOf('01')[0].id;
	hcmSite = places.sitesOf('79')[0].id;
	hanoiDistrict = places.districtsOf('01')[0].code;
	hcmDistrict = places.districtsOf('79')[0].code;
	[hanoi, national] = await Promise.all([loginAs(server, 'province-viewer', '01'), loginAs(server, 'national-viewer')]);
}, 180_000);
afterAll(async () => {
	await server?.close();
	await redis?.stop();
});

let lastIp = 0;
/** A request as a browser behind the proxy would make it: its own address unless told, plain http unless told. */
function get(path: string, opts: { cookie?: string; ip?: string; proto?: string; headers?: Record<string, string> } = {}): Promise<Response> {
	return fetch(`${server.url}${path}`, {
		redirect: 'manual',
		headers: { 'x-forwarded-for': opts.ip ?? `10.0.0.${++lastIp % 250}`, 'x-forwarded-proto': opts.proto ?? 'http', ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers }
	});
}

async function socketFor(cookie?: string): Promise<Socket> {
	const socket = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: cookie ? { cookie } : {} });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (error) => {
			socket.close();
			reject(error);
		});
	});
	return socket;
}
const join = (socket: Socket, room: string) => socket.timeout(5_000).emitWithAck('room:join', room) as Promise<JoinResult>;
const api = (path: string) => `${path}${path.includes('?') ? '&' : '?'}asOf=${AS_OF}`;

describe('without a session', () => {
	it('pages redirect to /login (with the way back), the API answers 401, sockets are refused', async () => {
		for (const path of ['/', '/province/01', `/site/${hanoiSite}`, '/admin', '/?kiosk=1']) {
			const response = await get(path);
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location'), path).toBe(`/login?next=${encodeURIComponent(path)}`);
		}
		for (const path of ['/api/v1/snapshot/national', '/api/v1/coverage?scope=province:01', '/api/v1/doses?format=csv', '/api/v1/snapshot/site?scope=site:nowhere']) {
			const response = await get(path);
			expect(response.status, path).toBe(401);
			expect((await response.json()).error.message).toMatch(/log in/);
		}
		await expect(socketFor()).rejects.toThrow(/log in first/);
		// What stays public: the login page, probes, the ingest door (its own keys), the API description.
		expect((await get('/login')).status).toBe(200);
		expect((await get('/healthz')).status).toBe(200);
		expect((await get('/openapi.yaml')).status).toBe(200);
		expect((await fetch(`${server.url}/api/v1/events`, { method: 'POST', body: '[]', headers: { 'content-type': 'application/json' } })).status).toBe(401);
	});
});

describe('a provincial user (Hà Nội)', () => {
	it('reads its own province in detail and the national snapshot, through pages and the API', async () => {
		for (const path of ['/', '/province/01', `/site/${hanoiSite}`]) expect((await get(path, { cookie: hanoi })).status, path).toBe(200);
		for (const path of [
			'/api/v1/snapshot/national',
			'/api/v1/coverage?scope=national',
			'/api/v1/snapshot/province?scope=province:01',
			`/api/v1/coverage?scope=district:${hanoiDistrict}`,
			`/api/v1/snapshot/site?scope=site:${hanoiSite}`,
			'/api/v1/pipeline?scope=province:01',
			'/api/v1/doses?scope=province:01&format=csv'
		]) {
			expect((await get(api(path), { cookie: hanoi })).status, path).toBe(200);
		}
		const snapshot = await (await get(api('/api/v1/snapshot/national'), { cookie: hanoi })).json();
		expect(snapshot.provinces).toHaveLength(63); // every province's aggregates: allowed
	});

	it("cannot read another province's detail: pages, API, CSV exports", async () => {
		for (const path of ['/province/79', `/site/${hcmSite}`, '/admin']) {
			const response = await get(path, { cookie: hanoi });
			expect(response.status, path).toBe(403);
			expect(await response.text(), path).not.toMatch(/S-79-\d+.*dosesToday/);
		}
		for (const path of [
			'/api/v1/snapshot/province?scope=province:79',
			'/api/v1/coverage?scope=province:79',
			`/api/v1/coverage?scope=district:${hcmDistrict}`,
			`/api/v1/snapshot/site?scope=site:${hcmSite}`,
			`/api/v1/pipeline?scope=site:${hcmSite}`,
			'/api/v1/doses?scope=province:79',
			// CSV exports take the same path
			'/api/v1/snapshot/province?scope=province:79&format=csv',
			'/api/v1/coverage?scope=province:79&format=csv&table=byAgeBand',
			`/api/v1/doses?scope=site:${hcmSite}&format=csv`
		]) {
			const response = await get(api(path), { cookie: hanoi });
			expect(response.status, path).toBe(403);
			expect(response.headers.get('content-type'), path).toMatch(/json/);
			expect((await response.json()).error.message, path).toMatch(/may not see/);
		}
		// A national viewer reads the same.
		expect((await get(api('/api/v1/snapshot/province?scope=province:79&format=csv'), { cookie: national })).status).toBe(200);
	});

	it("cannot join another province's socket rooms, nor ops; joins its own and the national one", async () => {
		const socket = await socketFor(hanoi);
		try {
			for (const room of ['province:79', `site:${hcmSite}`, 'ops']) expect(await join(socket, room), room).toEqual({ ok: false, error: 'not allowed to see this room' });
			for (const room of ['national', 'province:01', `site:${hanoiSite}`]) {
				const joined = await join(socket, room);
				expect(joined.ok, room).toBe(true);
				expect(joined.ok && joined.snapshot, room).toBeTruthy();
			}
		} finally {
			socket.close();
		}
		const operator = await socketFor(await loginAs(server, 'operator'));
		expect((await join(operator, 'ops')).ok).toBe(true);
		operator.close();
		const hanoiOperator = await socketFor(await loginAs(server, 'operator', '01'));
		expect(await join(hanoiOperator, 'ops')).toEqual({ ok: false, error: 'not allowed to see this room' });
		hanoiOperator.close();
	});
});

describe('ingest keys', () => {
	const post = (key: string, events: unknown[]) =>
		fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
	const events = (n: number, seed: number) => sampleEvents(n, { seed, start: Date.UTC(2021, 7, 2, 2), spanMs: 3_600_000 });

	it('a site key cannot post as another site', async () => {
		const { key } = await createIngestKey(server.app.clickhouse, { kind: 'facility', facilityId: hanoiSite, provinceCode: '01' });
		const [event] = events(1, 1);
		const response = await post(key, [{ ...event, facility_id: hcmSite }]);
		expect(response.status).toBe(202);
		const body = await response.json();
		expect(body.accepted).toBe(0);
		expect(body.rejected[0].errors).toContainEqual({ path: 'facility_id', message: expect.stringMatching(/only send its own facility/) });
	});

	it('a revoked key stops at once (on every node: a Redis marker, not only the 10 s cache)', async () => {
		const { keyId, key } = await createIngestKey(server.app.clickhouse, { kind: 'facility', facilityId: hanoiSite, provinceCode: '01' });
		expect((await post(key, events(3, 2))).status).toBe(202); // now cached as valid by this node
		// Revoked in ClickHouse as another node would do it (this node's cache still holds the key as valid)…
		await revokeIngestKey(server.app.clickhouse, keyId);
		await markIngestKeyRevokedEverywhere(server.app, keyId);
		const response = await post(key, events(3, 3));
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({ error: expect.stringMatching(/revoked/) });
	});

	it('rotates without downtime: old and new key both work during the grace period, the old one stops after it', async () => {
		const { keyId, key } = await createIngestKey(server.app.clickhouse, { kind: 'channel', channel: 'registration' });
		const rotated = await rotateIngestKey(server.app.clickhouse, keyId, 60_000);
		expect(rotated.key).not.toBe(key);
		for (const k of [key, rotated.key]) expect(await new KeyStore(server.app.clickhouse).authenticate(k)).toMatchObject({ kind: 'channel', channel: 'registration' });
		const ended = await rotateIngestKey(server.app.clickhouse, rotated.keyId, 0);
		expect(await new KeyStore(server.app.clickhouse).authenticate(rotated.key)).toBeNull();
		expect(await new KeyStore(server.app.clickhouse).authenticate(ended.key)).not.toBeNull();
	});

	it('are rate-limited per key: 429 with Retry-After beyond the limit, other keys unaffected', async () => {
		const [a, b] = await Promise.all([1, 2].map(() => createIngestKey(server.app.clickhouse, { kind: 'facility', facilityId: hanoiSite, provinceCode: '01' })));
		for (let i = 0; i < 5; i++) expect((await post(a.key, [])).status).toBe(202);
		const refused = await post(a.key, events(2, 4));
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect((await refused.json()).error).toMatch(/more than 5 requests in 60 s/);
		expect((await post(b.key, [])).status).toBe(202);
	});
});

describe('wall-screen tokens', () => {
	it('a kiosk exchanges its token for a read-only wall session; revoking it ends the session and the socket at once', async () => {
		const { wallToken, token } = await createWallToken(server.app.clickhouse, { view: 'province:01', label: 'Sở Y tế Hà Nội, sảnh', createdBy: 'test' });
		const exchanged = await get(`/province/01?kiosk=1&token=${token}`);
		expect(exchanged.status).toBe(303);
		expect(exchanged.headers.get('location')).toBe('/province/01?kiosk=1'); // the token leaves the address bar
		const wall = sessionCookieOf(exchanged)!;
		expect(wall).toBeTruthy();
		expect(exchanged.headers.getSetCookie().join()).toMatch(/Max-Age=25919\d\d|Max-Age=2592000/); // 30 days
		expect((await get('/province/01?kiosk=1', { cookie: wall })).status).toBe(200);
		expect((await get('/', { cookie: wall })).status).toBe(200);
		expect((await get('/province/79', { cookie: wall })).status).toBe(403);
		expect((await get(api('/api/v1/snapshot/province?scope=province:01'), { cookie: wall })).status).toBe(200);
		expect((await get('/admin', { cookie: wall })).status).toBe(403);
		const socket = await socketFor(wall);
		expect((await join(socket, 'province:01')).ok).toBe(true);
		const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));

		await revokeWallTokenEverywhere(server.app, wallToken.tokenId, { kind: 'system', name: 'test' });
		// The very next request, the open socket, a new socket, a new exchange: all refused.
		expect((await get('/province/01?kiosk=1', { cookie: wall })).status).toBe(303);
		expect((await get(api('/api/v1/snapshot/province?scope=province:01'), { cookie: wall })).status).toBe(401);
		expect(await dropped).toBe('io server disconnect');
		await expect(socketFor(wall)).rejects.toThrow(/log in first/);
		const again = await get(`/province/01?kiosk=1&token=${token}`);
		expect(again.status).toBe(401);
		expect(sessionCookieOf(again)).toBeNull();
		expect(await again.text()).toMatch(/invalid or has been revoked/);
	});

	it('a revocation recorded while Redis could not be told (the CLI, server stopped) reaches Redis at the next start', async () => {
		const { wallToken, token } = await createWallToken(server.app.clickhouse, { view: 'national', createdBy: 'test' });
		const cookie = sessionCookieOf(await get(`/?token=${token}`))!;
		await revokeWallToken(server.app.clickhouse, wallToken.tokenId, 'cli:test'); // ClickHouse only, as the CLI without Redis
		expect((await get('/', { cookie })).status).toBe(200); // this process was not told
		const fresh = connectRedis(server.app.redisTarget);
		try {
			await syncRevocations({ ...server.app, redis: fresh }); // what the next process does before its first session
		} finally {
			fresh.disconnect();
		}
		expect((await get('/', { cookie })).status).toBe(303);
	});

	it('a wrong or malformed token gets 401 and no cookie', async () => {
		const { token } = await createWallToken(server.app.clickhouse, { view: 'national', createdBy: 'test' });
		for (const bad of [token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), 'mccw_0000000000000000_' + 'A'.repeat(43), 'garbage']) {
			const response = await get(`/?kiosk=1&token=${encodeURIComponent(bad)}`);
			expect(response.status).toBe(401);
			expect(sessionCookieOf(response)).toBeNull();
		}
		expect((await get(`/?kiosk=1&token=${token}`)).status).toBe(303);
	});
});

describe('login', () => {
	it('slows brute force per username: 429 with Retry-After after 5 failures, the right password refused during the lockout', async () => {
		const { username, password } = await makeUser(server, 'national-viewer');
		const ip = { 'x-forwarded-for': '192.0.2.10' };
		for (let i = 1; i <= 4; i++) {
			const response = await postLogin(server.url, username, `wrong password ${i}`, ip);
			expect(response.status, `attempt ${i}`).toBe(401);
			expect((await response.json()).error.message).toMatch(/Wrong username or password/);
		}
		const fifth = await postLogin(server.url, username, 'wrong password 5', ip);
		expect(fifth.status).toBe(429);
		expect(Number(fifth.headers.get('retry-after'))).toBe(2);
		// During the lockout the right password is refused too, from anywhere, with a clear message.
		const locked = await postLogin(server.url, username, password, { 'x-forwarded-for': '192.0.2.11' });
		expect(locked.status).toBe(429);
		expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect((await locked.json()).error.message).toMatch(/Too many failed logins .* try again in \d+ s/);
		expect(sessionCookieOf(locked)).toBeNull();
		await new Promise((r) => setTimeout(r, 2_100));
		expect((await postLogin(server.url, username, password, ip)).status).toBe(200);
		// Another failure after that locks again (the count went back to zero with the success, so from the 5th).
	});

	it('slows brute force per address, across usernames', async () => {
		const ip = { 'x-forwarded-for': '198.51.100.7' };
		const victim = await makeUser(server, 'national-viewer');
		let status = 0;
		for (let i = 0; i < 12; i++) status = (await postLogin(server.url, `nobody-${i}`, 'not the password', ip)).status;
		expect(status).toBe(429);
		expect((await postLogin(server.url, victim.username, victim.password, ip)).status).toBe(429);
		expect((await postLogin(server.url, victim.username, victim.password, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
	});

	it('the form (no JavaScript) logs in as well, and SvelteKit refuses it from another origin', async () => {
		const { username, password } = await makeUser(server, 'national-viewer');
		const form = new URLSearchParams({ username, password, next: '/province/01' });
		const own = await fetch(`${server.url}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url, 'x-forwarded-proto': 'http', 'x-forwarded-for': '10.1.1.1' },
			body: form
		});
		expect(own.status).toBe(303);
		expect(own.headers.get('location')).toBe('/province/01');
		expect(sessionCookieOf(own)).toBeTruthy();
		const forged = await fetch(`${server.url}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: 'https://evil.example', 'x-forwarded-proto': 'http', 'x-forwarded-for': '10.1.1.1' },
			body: form
		});
		expect(forged.status).toBe(403);
		// JSON from another origin is refused too.
		expect((await postLogin(server.url, username, password, { origin: 'https://evil.example', 'x-forwarded-for': '10.1.1.1' })).status).toBe(403);
		expect((await postLogin(server.url, username, password, { 'sec-fetch-site': 'cross-site', 'x-forwarded-for': '10.1.1.1' })).status).toBe(403);
	});

	it('sets the cookie HttpOnly, SameSite=Lax, Path=/, and Secure when the request came over https (trusted proxy)', async () => {
		const { username, password } = await makeUser(server, 'national-viewer');
		const attributes = (response: Response) => {
			const line = response.headers.getSetCookie().find((l) => l.startsWith('mcc_session='))!;
			const [pair, ...rest] = line.split(/;\s*/);
			return { value: pair.slice('mcc_session='.length), attrs: rest.map((a) => a.toLowerCase()).sort() };
		};
		const plain = attributes(await postLogin(server.url, username, password, { 'x-forwarded-proto': 'http', 'x-forwarded-for': '10.2.2.2' }));
		expect(plain.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const maxAge = (attrs: string[]) => attrs.map((a) => a.replace(/^max-age=(\d+)$/, (_, n) => (Math.abs(Number(n) - 43_200) <= 60 ? 'max-age=12h' : a)));
		expect(maxAge(plain.attrs)).toEqual(['httponly', 'max-age=12h', 'path=/', 'samesite=lax']);
		const response = await postLogin(server.url, username, password, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.2.2.2' });
		expect(maxAge(attributes(response).attrs)).toEqual(['httponly', 'max-age=12h', 'path=/', 'samesite=lax', 'secure']);
		expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
	});

	it('rotates the session id at login: the session the request came with ends', async () => {
		const { username, password } = await makeUser(server, 'national-viewer');
		const first = await loginWith(server.url, username, password);
		const second = sessionCookieOf(await postLogin(server.url, username, password, { cookie: first }))!;
		expect(second).not.toBe(first);
		expect((await get(api('/api/v1/snapshot/national'), { cookie: first })).status).toBe(401);
		expect((await get(api('/api/v1/snapshot/national'), { cookie: second })).status).toBe(200);
	});

	it('rejects tampered, malformed and unknown cookies as logged out (and clears them)', async () => {
		const cookie = await loginAs(server, 'national-viewer');
		const value = cookie.slice('mcc_session='.length);
		const flipped = `mcc_session=${value.slice(0, 10)}${value[10] === 'A' ? 'B' : 'A'}${value.slice(11)}`;
		for (const bad of [flipped, `mcc_session=${value}x`, 'mcc_session=abc', `mcc_session=${'A'.repeat(43)}`, 'mcc_session=']) {
			expect((await get(api('/api/v1/snapshot/national'), { cookie: bad })).status, bad).toBe(401);
			const page = await get('/', { cookie: bad });
			expect(page.status, bad).toBe(303);
			await expect(socketFor(bad)).rejects.toThrow(/log in first/);
		}
		expect((await get('/', { cookie: flipped })).headers.getSetCookie().join()).toMatch(/mcc_session=;.*Max-Age=0/i);
		expect((await get(api('/api/v1/snapshot/national'), { cookie })).status).toBe(200); // the real one still works
	});

	it('logout ends the session and its sockets', async () => {
		const cookie = await loginAs(server, 'operator', '01');
		const socket = await socketFor(cookie);
		expect((await join(socket, 'province:01')).ok).toBe(true);
		const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		const out = await fetch(`${server.url}/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-forwarded-for': '10.3.3.3' }, body: '{}' });
		expect(out.status).toBe(200);
		expect(out.headers.getSetCookie().join()).toMatch(/mcc_session=;.*Max-Age=0/i);
		expect(await dropped).toBe('io server disconnect');
		expect((await get(api('/api/v1/snapshot/national'), { cookie })).status).toBe(401);
		expect((await get('/', { cookie })).status).toBe(303);
	});

	it('a disabled user cannot log in, and its open sessions end at once', async () => {
		const { username, password } = await makeUser(server, 'province-viewer', '79');
		const cookie = await loginWith(server.url, username, password);
		await disableUserEverywhere(server.app, username, { kind: 'system', name: 'test' });
		expect((await get(api('/api/v1/snapshot/province?scope=province:79'), { cookie })).status).toBe(401);
		expect((await postLogin(server.url, username, password, { 'x-forwarded-for': '10.4.4.4' })).status).toBe(401);
	});
});

describe('the admin page', () => {
	const action = (name: string, cookie: string, fields: Record<string, string>, origin = server.url) =>
		fetch(`${server.url}/admin?/${name}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-forwarded-proto': 'http', 'x-forwarded-for': '10.9.9.9', 'x-sveltekit-action': 'true' },
			body: new URLSearchParams(fields)
		});
	const data = async (response: Response) => {
		const body = await response.json();
		return { type: body.type as string, status: body.status as number, data: body.data ? (JSON.parse(body.data) as unknown[]) : null };
	};

	it('is for admins only, page and actions alike', async () => {
		expect((await get('/admin', { cookie: national })).status).toBe(403);
		const forbidden = await action('createUser', national, { username: 'x-sneaky', role: 'admin', password: 'a long enough password' });
		expect(forbidden.status).toBe(403);
		expect(await count(server.app.clickhouse, `SELECT count() AS n FROM users FINAL WHERE username = 'x-sneaky'`)).toBe(0);
		const admin = await loginAs(server, 'admin');
		const page = await get('/admin', { cookie: admin });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Wall-screen tokens');
	});

	it('creates a user, a wall token (shown once) and revokes it, with SvelteKit checking the origin; all audited without secrets', async () => {
		const admin = await loginAs(server, 'admin');
		const created = await action('createUser', admin, { username: 'ops.hanoi', role: 'operator', province: '01', password: 'mật khẩu đủ dài 2021' });
		expect(created.status).toBe(200);
		expect((await data(created)).type).toBe('success');
		expect(await loginWith(server.url, 'ops.hanoi', 'mật khẩu đủ dài 2021')).toMatch(/^mcc_session=/);

		const cross = await action('createUser', admin, { username: 'from-evil', role: 'admin', password: 'a long enough password' }, 'https://evil.example');
		expect(cross.status).toBe(403);
		expect(await cross.text()).toMatch(/Cross-site POST form submissions are forbidden/);

		const made = await data(await action('createWallToken', admin, { view: 'province:79', label: 'HCM CDC hall' }));
		expect(made.type).toBe('success');
		const text = JSON.stringify(made.data);
		const token = /mccw_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/.exec(text)![0];
		const tokenId = token.slice(5, 21);
		const listed = await (await get('/admin', { cookie: admin })).text();
		expect(listed).toContain(tokenId);
		expect(listed).not.toContain(token); // shown once, in the action's answer only
		expect((await data(await action('revokeWallToken', admin, { tokenId }))).type).toBe('success');
		expect((await get(`/province/79?token=${token}`)).status).toBe(401);

		const rows = await (await server.app.clickhouse.query({ query: 'SELECT * FROM audit_log ORDER BY at', format: 'JSONEachRow' })).json<Record<string, string>>();
		const actions = rows.map((r) => r.action);
		for (const a of ['user.create', 'wall-token.create', 'wall-token.revoke', 'login.success', 'login.failure', 'login.locked', 'wall-token.exchange', 'logout', 'user.disable']) expect(actions, a).toContain(a);
		const revoke = rows.find((r) => r.action === 'wall-token.revoke' && r.target === tokenId)!;
		expect(revoke).toMatchObject({ actor_kind: 'user', actor_role: 'admin', scope: 'province:79', ip: '10.9.9.9', outcome: 'ok' });
		const all = JSON.stringify(rows);
		expect(all).not.toContain(token.slice(22));
		expect(all).not.toContain('mật khẩu');
		expect(all).not.toMatch(/not the password|wrong password \d/);
	});
});

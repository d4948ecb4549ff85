// Logging in from tests: a user of a role is created in the server's ClickHouse and logs in through POST /login,
// like anyone; the session cookie comes back for fetch (Cookie header), socket.io-client (extraHeaders) or a browser
// (context.addCookies).
//
//   const cookie = await loginAs(server, 'province-viewer', '01');
//   await fetch(`${server.url}/api/v1/coverage?scope=province:01`, { headers: { cookie } });
//   io(server.url, { transports: ['websocket'], extraHeaders: { cookie } });
//   await page.context().addCookies(browserCookies(server.url, cookie));
import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { createUser } from '../auth/users.ts';
import type { LiveGuard } from '../auth/live.ts';
import type { Role } from '../auth/policy.ts';
import { SESSION_COOKIE } from '../auth/tokens.ts';

export interface TestServer {
	url: string;
	app: { clickhouse: ClickHouseClient };
}

let made = 0;

/** Creates a user (random name and password) and returns its credentials. */
export async function makeUser(server: TestServer, role: Role, province?: string): Promise<{ username: string; password: string }> {
	const username = `t${process.pid}-${++made}-${randomBytes(3).toString('hex')}`;
	const password = randomBytes(18).toString('base64url');
	await createUser(server.app.clickhouse, { username, role, province: province ?? null, password, createdBy: 'test' });
	return { username, password };
}

/** POST /login (JSON) as a browser script does. */
export function postLogin(url: string, username: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(`${url}/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
		body: JSON.stringify({ username, password })
	});
}

/** "mcc_session=…" from a response's Set-Cookie, or null. */
export function sessionCookieOf(response: Response): string | null {
	for (const line of response.headers.getSetCookie()) {
		const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line);
		if (m && m[1] !== '') return `${SESSION_COOKIE}=${m[1]}`;
	}
	return null;
}

/** Logs in with a password; the Cookie header value of the new session. */
export async function loginWith(url: string, username: string, password: string): Promise<string> {
	const response = await postLogin(url, username, password);
	const cookie = sessionCookieOf(response);
	if (response.status !== 200 || !cookie) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
	return cookie;
}

/** A new user of this role (and province) logged in: the Cookie header value of its session. */
export async function loginAs(server: TestServer, role: Role, province?: string): Promise<string> {
	const { username, password } = await makeUser(server, role, province);
	return loginWith(server.url, username, password);
}

/** The session cookie for playwright's context.addCookies. */
export function browserCookies(url: string, cookie: string): { name: string; value: string; url: string; httpOnly: boolean; sameSite: 'Lax' }[] {
	const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
	return [{ name, value, url, httpOnly: true, sameSite: 'Lax' }];
}

/** For tests of the live hub itself (no app, no sessions): every socket may join every room. Never in a server. */
export const OPEN_GUARD_FOR_HUB_TESTS: LiveGuard = {
	install: () => () => {},
	refuse: async () => null
};

// Access control bound to the running app: login (rate-limited), wall-token exchange, logout, and the revocations
// that must take effect at once on every node (disable a user, revoke a wall token or an ingest key).
import type { Redis } from 'ioredis';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import type { Logger } from '../log.ts';
import type { Config } from '../config.ts';
import { auditLog, type Actor } from './audit.ts';
import { needsRehash, verifyPassword } from './password.ts';
import { addressFailed, addressLockedFor, loginFailed, loginLockedFor, loginSucceeded } from './rate-limit.ts';
import { createSession, endSession, isRevoked, markIngestKeyRevoked, revokeSubject, subjectOf, type Lifetime, type Session } from './sessions.ts';
import { disableUser, findUser, normaliseUsername, principalOfUser, rehash, setPassword, type User } from './users.ts';
import { authenticateWallToken, principalOfWallToken, revokedWallTokenIds, revokeWallToken, type WallToken } from './wall-tokens.ts';
import type { Principal } from './policy.ts';

/** What the auth functions need of the app (the whole App in the server; the CLI builds its own). */
export interface AuthApp {
	clickhouse: ClickHouseClient;
	redis: Redis;
	log: Logger;
	config: Pick<Config, 'auth'>;
}

export function lifetimeOf(app: Pick<AuthApp, 'config'>, kind: Principal['kind']): Lifetime {
	const a = app.config.auth;
	return kind === 'wall' ? { idleMs: a.wallSessionMs, maxMs: a.wallSessionMs } : { idleMs: a.sessionIdleMs, maxMs: a.sessionMaxMs };
}

export type LoginResult =
	| { ok: true; id: string; session: Session; user: User }
	| { ok: false; status: 401 | 429; message: string; retryAfterSeconds?: number };

const WRONG = 'Sai tên đăng nhập hoặc mật khẩu. / Wrong username or password.';
const tooMany = (seconds: number) =>
	`Quá nhiều lần đăng nhập sai: thử lại sau ${seconds} giây. / Too many failed logins for this account or from this address: try again in ${seconds} s.`;

/**
 * Checks a username and password and, if they are right, makes a new session (a new id: the caller replaces the
 * cookie, and ends the session the request came with). Locked usernames and addresses get 429 without the
 * password being looked at.
 */
export async function login(app: AuthApp, input: { username: string; password: string; ip: string; userAgent?: string }): Promise<LoginResult> {
	const username = normaliseUsername(String(input.username ?? '')).slice(0, 200);
	const password = String(input.password ?? '');
	const limits = app.config.auth.login;
	const lockedMs = await loginLockedFor(app.redis, username, input.ip);
	const request = { ip: input.ip, userAgent: input.userAgent };
	if (lockedMs > 0) {
		const seconds = Math.ceil(lockedMs / 1000);
		await auditLog(app, { actor: null, action: 'login.locked', target: '', outcome: 'denied', detail: { retryAfterSeconds: seconds }, ...request });
		return { ok: false, status: 429, message: tooMany(seconds), retryAfterSeconds: seconds };
	}
	const found = username && password ? await findUser(app.clickhouse, username) : null;
	const matches = await verifyPassword(password.slice(0, 1_024), found?.passwordHash ?? null);
	if (!found || !matches || found.user.disabled) {
		const lockMs = await loginFailed(app.redis, username, input.ip, limits);
		// The username only when it is a real user's: a password typed into the username field must not be kept.
		await auditLog(app, {
			actor: found ? principalOfUser(found.user) : null,
			action: 'login.failure',
			target: found?.user.username ?? '',
			outcome: 'denied',
			detail: { reason: !found ? 'unknown user' : found.user.disabled ? 'disabled' : 'wrong password', lockedSeconds: Math.ceil(lockMs / 1000) },
			...request
		});
		if (lockMs > 0) return { ok: false, status: 429, message: tooMany(Math.ceil(lockMs / 1000)), retryAfterSeconds: Math.ceil(lockMs / 1000) };
		return { ok: false, status: 401, message: WRONG };
	}
	await loginSucceeded(app.redis, username);
	if (needsRehash(found.passwordHash)) await rehash(app.clickhouse, found.user, password).catch((error: Error) => app.log.warn({ err: error.message }, 'could not rehash a password'));
	const principal = principalOfUser(found.user);
	const created = await createSession(app.redis, principal, lifetimeOf(app, 'user'));
	if (!created) return { ok: false, status: 401, message: WRONG };
	await auditLog(app, { actor: principal, action: 'login.success', target: principal.name, scope: principal.province ? `province:${principal.province}` : 'national', ...request });
	return { ok: true, id: created.id, session: created.session, user: found.user };
}

export type ExchangeResult = { ok: true; id: string; session: Session; token: WallToken } | { ok: false; status: 401 | 429; message: string; retryAfterSeconds?: number };

/** A kiosk's wall token for a wall session. Failures count against the address, like failed logins. */
export async function exchangeWallToken(app: AuthApp, presented: string, ip: string, userAgent?: string): Promise<ExchangeResult> {
	const lockedMs = await addressLockedFor(app.redis, ip);
	if (lockedMs > 0) {
		const seconds = Math.ceil(lockedMs / 1000);
		return { ok: false, status: 429, message: tooMany(seconds), retryAfterSeconds: seconds };
	}
	const token = await authenticateWallToken(app.clickhouse, presented);
	const created = token ? await createSession(app.redis, principalOfWallToken(token), lifetimeOf(app, 'wall')) : null;
	if (!token || !created) {
		await addressFailed(app.redis, ip, app.config.auth.login);
		await auditLog(app, { actor: null, action: 'wall-token.exchange', target: token?.tokenId ?? '', outcome: 'denied', ip, userAgent });
		return { ok: false, status: 401, message: 'Mã màn hình không hợp lệ hoặc đã bị thu hồi. / This wall-screen token is invalid or has been revoked.' };
	}
	await auditLog(app, { actor: created.session.principal, action: 'wall-token.exchange', target: token.tokenId, scope: token.view, ip, userAgent });
	return { ok: true, id: created.id, session: created.session, token };
}

export async function logout(app: AuthApp, id: string | null | undefined, request: { ip?: string; userAgent?: string } = {}): Promise<void> {
	const ended = await endSession(app.redis, id);
	if (ended) await auditLog(app, { actor: ended.principal, action: 'logout', target: ended.principal.name, ...request });
}

/** Disables a user in ClickHouse and ends its sessions and sockets everywhere, now. */
export async function disableUserEverywhere(app: AuthApp, username: string, actor: Actor, request: { ip?: string; userAgent?: string } = {}): Promise<User> {
	const user = await disableUser(app.clickhouse, username, actor?.name ?? 'unknown');
	const ended = await revokeSubject(app.redis, subjectOf({ kind: 'user', id: user.userId }), true);
	await auditLog(app, { actor, action: 'user.disable', target: user.username, detail: { loggedOut: ended }, ...request });
	return user;
}

/** A new password; the user's sessions end (it logs in again with the new one). */
export async function setPasswordEverywhere(app: AuthApp, username: string, password: string, actor: Actor, request: { ip?: string; userAgent?: string } = {}): Promise<User> {
	const user = await setPassword(app.clickhouse, username, password, actor?.name ?? 'unknown');
	const ended = await revokeSubject(app.redis, subjectOf({ kind: 'user', id: user.userId }), false);
	await auditLog(app, { actor, action: 'user.set-password', target: user.username, detail: { loggedOut: ended }, ...request });
	return user;
}

/** Revokes a wall token in ClickHouse, marks it revoked in Redis and ends its sessions and sockets everywhere, now. */
export async function revokeWallTokenEverywhere(app: AuthApp, tokenId: string, actor: Actor, request: { ip?: string; userAgent?: string } = {}): Promise<WallToken> {
	const token = await revokeWallToken(app.clickhouse, tokenId, actor?.name ?? 'unknown');
	const ended = await revokeSubject(app.redis, subjectOf({ kind: 'wall', id: token.tokenId }), true);
	await auditLog(app, { actor, action: 'wall-token.revoke', target: token.tokenId, scope: token.view, detail: { label: token.label, loggedOut: ended }, ...request });
	return token;
}

/** Marks an ingest key revoked in Redis: POST /api/v1/events refuses it from the next request on (see ingest/keys.ts). */
export async function markIngestKeyRevokedEverywhere(app: Pick<AuthApp, 'redis'>, keyId: string): Promise<void> {
	await markIngestKeyRevoked(app.redis, keyId);
}

/**
 * Revocations recorded while this process's Redis could not be told (the CLI run with the server stopped, in embedded
 * mode): every revoked wall token and disabled user gets its marker and loses its sessions. Once per process.
 * (Ingest keys need none: the key store reads revocations from ClickHouse.)
 */
const synced = new WeakMap<object, Promise<void>>();
export function syncRevocations(app: AuthApp): Promise<void> {
	let done = synced.get(app.redis);
	if (!done) {
		done = (async () => {
			const tokens = await revokedWallTokenIds(app.clickhouse);
			const users = await (
				await app.clickhouse.query({ query: 'SELECT user_id FROM users FINAL WHERE disabled = 1', format: 'JSONEachRow' })
			).json<{ user_id: string }>();
			const subjects = [...tokens.map((id) => subjectOf({ kind: 'wall', id })), ...users.map((u) => subjectOf({ kind: 'user', id: u.user_id }))];
			for (const subject of subjects) if (!(await isRevoked(app.redis, subject))) await revokeSubject(app.redis, subject, true);
		})();
		synced.set(app.redis, done);
		done.catch((error: Error) => {
			// Tried again in 30 s (not on every request while ClickHouse is down); revocations made online still work.
			setTimeout(() => synced.delete(app.redis), 30_000).unref();
			app.log.warn({ err: error.message }, 'could not sync revocations from ClickHouse to Redis; will retry in 30 s');
		});
	}
	return done;
}

// Rate limits in Redis, shared by every web node.
// - Login: failures are counted per username and per client address over a window; from the Nth failure on, that
//   username (or address) is locked for a delay that doubles with each further failure (capped). While locked,
//   every attempt is answered 429 with Retry-After, without looking at the password (a correct one included).
// - Ingest: a fixed window per key (INCR of a per-window counter): over the limit, 429 with Retry-After.
import type { Redis } from 'ioredis';
import { sha256hex } from './tokens.ts';

export interface LoginLimits {
	/** Failures of one username before it is locked. */
	maxFailures: number;
	/** Failures from one address before it is locked (higher: many people share an office's address). */
	maxFailuresPerIp: number;
	/** First lockout; each further failure doubles it, up to 32 ×. */
	lockoutMs: number;
	/** Failures older than this are forgotten. */
	windowMs: number;
}

const userPart = (username: string) => `u:${sha256hex(username)}`; // usernames (or passwords typed into the field) are not kept in clear
const ipPart = (ip: string) => `ip:${ip.slice(0, 64)}`;
const failKey = (part: string) => `mcc:login:fail:${part}`;
const lockKey = (part: string) => `mcc:login:lock:${part}`;

/** Milliseconds until this username or address may try again (0: now). */
export async function loginLockedFor(redis: Redis, username: string, ip: string): Promise<number> {
	const [[, a], [, b]] = (await redis.multi().pttl(lockKey(userPart(username))).pttl(lockKey(ipPart(ip))).exec()) as [Error | null, number][];
	return Math.max(0, a, b);
}

/** Counts a failure; returns the lockout it starts (ms, 0 if none). */
export async function loginFailed(redis: Redis, username: string, ip: string, limits: LoginLimits): Promise<number> {
	let lockedFor = 0;
	for (const [part, max] of [
		[userPart(username), limits.maxFailures],
		[ipPart(ip), limits.maxFailuresPerIp]
	] as const) {
		const [[, n]] = (await redis.multi().incr(failKey(part)).pexpire(failKey(part), limits.windowMs).exec()) as [Error | null, number][];
		if (n < max) continue;
		const ms = limits.lockoutMs * 2 ** Math.min(n - max, 5);
		await redis.set(lockKey(part), '1', 'PX', ms);
		lockedFor = Math.max(lockedFor, ms);
	}
	return lockedFor;
}

/** A successful login forgets the username's failures (not the address's: one good account must not reset them). */
export async function loginSucceeded(redis: Redis, username: string): Promise<void> {
	await redis.del(failKey(userPart(username)), lockKey(userPart(username)));
}

/** A failed wall-token exchange counts against the address like a failed login. */
export async function addressFailed(redis: Redis, ip: string, limits: LoginLimits): Promise<number> {
	const part = ipPart(ip);
	const [[, n]] = (await redis.multi().incr(failKey(part)).pexpire(failKey(part), limits.windowMs).exec()) as [Error | null, number][];
	if (n < limits.maxFailuresPerIp) return 0;
	const ms = limits.lockoutMs * 2 ** Math.min(n - limits.maxFailuresPerIp, 5);
	await redis.set(lockKey(part), '1', 'PX', ms);
	return ms;
}

export async function addressLockedFor(redis: Redis, ip: string): Promise<number> {
	return Math.max(0, await redis.pttl(lockKey(ipPart(ip))));
}

export interface WindowResult {
	allowed: boolean;
	/** Requests counted in this window, this one included. */
	count: number;
	/** Seconds until the window ends (for Retry-After). */
	retryAfterSeconds: number;
}

/** Fixed window: `limit` requests per `windowMs` for one name. Limit 0 allows everything (and counts nothing). */
export async function fixedWindow(redis: Redis, name: string, limit: number, windowMs: number, now = Date.now()): Promise<WindowResult> {
	if (limit <= 0) return { allowed: true, count: 0, retryAfterSeconds: 0 };
	const slot = Math.floor(now / windowMs);
	const key = `mcc:rate:${name}:${slot}`;
	const [[, count]] = (await redis.multi().incr(key).pexpire(key, windowMs + 1_000).exec()) as [Error | null, number][];
	const retryAfterSeconds = Math.max(1, Math.ceil(((slot + 1) * windowMs - now) / 1000));
	return { allowed: count <= limit, count, retryAfterSeconds };
}

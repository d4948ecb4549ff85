// Sessions in Redis. The cookie holds a random 256-bit id; Redis holds the session under sha256(id) (a copy of Redis
// gives nobody a usable cookie) with a TTL: the idle timeout, renewed on use, never past the absolute expiry.
// Revocation (a disabled user, a revoked wall token) leaves a permanent marker per subject ("user:<id>",
// "wall:<id>") that every lookup checks, deletes the subject's sessions, and tells every socket.io node
// (AUTH_CHANNEL) to drop the sockets of those sessions.
import type { Redis } from 'ioredis';
import type { Principal } from './policy.ts';
import { isSessionId, newSessionId, sha256hex } from './tokens.ts';

export const AUTH_CHANNEL = 'mcc:auth:revoked';

export interface Session {
	/** sha256 of the id: how Redis, logs and sockets name the session (never the id itself). */
	hash: string;
	principal: Principal;
	/** "user:<id>" or "wall:<id>". */
	subject: string;
	createdAt: number;
	/** Absolute expiry (ms since epoch). */
	expiresAt: number;
	idleMs: number;
}

/** What AUTH_CHANNEL carries: a subject whose sessions all ended, or one session that ended (logout). */
export type RevokedMessage = { subject: string } | { session: string };

export const subjectOf = (p: Pick<Principal, 'kind' | 'id'>) => `${p.kind}:${p.id}`;
const sessionKey = (hash: string) => `mcc:session:${hash}`;
const indexKey = (subject: string) => `mcc:session-index:${subject}`;
const revokedKey = (subject: string) => `mcc:revoked:${subject}`;

export interface Lifetime {
	idleMs: number;
	maxMs: number;
}

/**
 * A new session for a principal (at login, or a wall token's exchange). Null if the subject was revoked meanwhile
 * (the marker is checked after writing, so a revocation racing with this login wins).
 */
export async function createSession(redis: Redis, principal: Principal, lifetime: Lifetime, now = Date.now()): Promise<{ id: string; session: Session } | null> {
	const id = newSessionId();
	const hash = sha256hex(id);
	const subject = subjectOf(principal);
	const session: Session = { hash, principal, subject, createdAt: now, expiresAt: now + lifetime.maxMs, idleMs: Math.min(lifetime.idleMs, lifetime.maxMs) };
	const [[, revokedBefore]] = (await redis
		.multi()
		.exists(revokedKey(subject))
		.set(sessionKey(hash), JSON.stringify(session), 'PX', session.idleMs)
		.sadd(indexKey(subject), hash)
		.pexpire(indexKey(subject), lifetime.maxMs)
		.exec()) as [Error | null, unknown][];
	if (Number(revokedBefore) === 1 || (await redis.exists(revokedKey(subject))) === 1) {
		await redis.del(sessionKey(hash));
		return null;
	}
	return { id, session };
}

/**
 * The session of a cookie value, or null (malformed, unknown, expired, revoked). Renews the idle timeout.
 * Redis errors are thrown: the caller answers 503 rather than treat everyone as logged out.
 */
export async function resolveSession(redis: Redis, id: string | null | undefined, now = Date.now()): Promise<Session | null> {
	if (!isSessionId(id)) return null;
	return resolveHash(redis, sha256hex(id), now);
}

export async function resolveHash(redis: Redis, hash: string, now = Date.now()): Promise<Session | null> {
	const text = await redis.get(sessionKey(hash));
	if (text === null) return null;
	let session: Session;
	try {
		session = JSON.parse(text) as Session;
	} catch {
		await redis.del(sessionKey(hash));
		return null;
	}
	const left = session.expiresAt - now;
	const [[, revoked]] = (await redis
		.multi()
		.exists(revokedKey(session.subject))
		.pexpire(sessionKey(hash), Math.max(1, Math.min(session.idleMs, left)))
		.exec()) as [Error | null, unknown][];
	if (left <= 0 || Number(revoked) === 1) {
		await redis.del(sessionKey(hash));
		return null;
	}
	return session;
}

/** Logout: the session is gone, and sockets opened with it are dropped. */
export async function endSession(redis: Redis, id: string | null | undefined): Promise<Session | null> {
	if (!isSessionId(id)) return null;
	const hash = sha256hex(id);
	const text = await redis.get(sessionKey(hash));
	await redis.del(sessionKey(hash));
	await redis.publish(AUTH_CHANNEL, JSON.stringify({ session: hash } satisfies RevokedMessage));
	if (text === null) return null;
	const session = JSON.parse(text) as Session;
	await redis.srem(indexKey(session.subject), hash);
	return session;
}

/**
 * Ends every session of a subject, now, on every node. `permanent`: also leaves the revocation marker, so no new
 * session can be made for it (a revoked wall token, a disabled user); otherwise (a new password) it may log in again.
 */
export async function revokeSubject(redis: Redis, subject: string, permanent: boolean): Promise<number> {
	if (permanent) await redis.set(revokedKey(subject), String(Date.now()));
	const hashes = await redis.smembers(indexKey(subject));
	if (hashes.length > 0) await redis.del(...hashes.map(sessionKey));
	await redis.del(indexKey(subject));
	await redis.publish(AUTH_CHANNEL, JSON.stringify({ subject } satisfies RevokedMessage));
	return hashes.length;
}

export async function isRevoked(redis: Redis, subject: string): Promise<boolean> {
	return (await redis.exists(revokedKey(subject))) === 1;
}

/** Does a revocation message end this session? */
export function revokes(message: RevokedMessage, session: Pick<Session, 'hash' | 'subject'>): boolean {
	return 'session' in message ? message.session === session.hash : message.subject === session.subject;
}

// Ingest keys: a revoked key stops at once on every node (the key store's 10 s cache notwithstanding).
const ingestRevokedKey = (keyId: string) => `mcc:revoked:ingest-key:${keyId}`;

export async function markIngestKeyRevoked(redis: Redis, keyId: string): Promise<void> {
	await redis.set(ingestRevokedKey(keyId), String(Date.now()));
}

export { ingestRevokedKey };

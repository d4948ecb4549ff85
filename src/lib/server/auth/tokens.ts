// Formats of the secrets access control hands out. All are 256-bit random values (base64url); only their SHA-256
// is stored, so a copy of Redis or ClickHouse lets nobody in.
//   session id     43 characters, in the HttpOnly cookie `mcc_session`; Redis keeps sha256(id)
//   wall token     mccw_<16 hex id>_<43 characters>; ClickHouse keeps the id and sha256(secret)
// (Ingest keys, "mcc_<16 hex>_<32 chars>", are src/lib/server/ingest/keys.ts.)
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'mcc_session';

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const WALL_TOKEN = /^mccw_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const sha256hex = (text: string) => createHash('sha256').update(text).digest('hex');

export function newSessionId(): string {
	return randomBytes(32).toString('base64url');
}

/** Whether a cookie value can be a session id at all (anything else is rejected before Redis is asked). */
export function isSessionId(value: string | null | undefined): value is string {
	return typeof value === 'string' && SESSION_ID.test(value);
}

export function newWallToken(): { tokenId: string; secret: string; token: string } {
	const tokenId = randomBytes(8).toString('hex');
	const secret = randomBytes(32).toString('base64url');
	return { tokenId, secret, token: `mccw_${tokenId}_${secret}` };
}

export function parseWallToken(value: string | null | undefined): { tokenId: string; secret: string } | null {
	const m = typeof value === 'string' ? WALL_TOKEN.exec(value) : null;
	return m ? { tokenId: m[1], secret: m[2] } : null;
}

/** Constant-time comparison of a presented secret with a stored sha256 hex. */
export function secretMatches(secret: string, storedHex: string): boolean {
	const stored = Buffer.from(storedHex, 'hex');
	const presented = createHash('sha256').update(secret).digest();
	return stored.length === presented.length && timingSafeEqual(stored, presented);
}

/** A same-site path to go to after logging in: anything else (another site, //host, /\host, a scheme) becomes "/". */
export function safeNext(next: string | null | undefined): string {
	if (typeof next !== 'string' || next.length > 2_000) return '/';
	if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	if (/[\u0000-\u001f\\]/.test(next)) return '/';
	// Not back to the login or logout pages themselves.
	if (/^\/(login|logout)(\/|\?|$)/.test(next)) return '/';
	return next;
}

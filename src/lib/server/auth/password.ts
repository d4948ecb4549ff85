// Password hashing with scrypt (node:crypto: a memory-hard KDF, no native dependency), a random 16-byte salt per
// password, parameters stored with the hash so they can be raised later (needsRehash), compared in constant time.
// Stored form: "scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>".
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** N = 2^16, r = 8, p = 1: 64 MiB and ~0.2-0.6 s per hash on one core. Raise LOG2_N as hardware allows. */
export const PARAMS = { log2N: 16, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Bounds of parameters accepted from a stored hash: a corrupted or planted hash must not take the server down. */
const BOUNDS = { log2N: [14, 20], r: [8, 32], p: [1, 4] } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));
}

// At most two hashes at a time: each takes 64 MiB and a libuv thread (shared with fs, dns and zlib), and a burst of
// logins must not starve the rest of the server.
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
	if (running >= 2) await new Promise<void>((r) => waiting.push(r));
	running++;
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

const options = (log2N: number, r: number, p: number): ScryptOptions => ({ N: 2 ** log2N, r, p, maxmem: 256 * r * 2 ** log2N * p + 16 * 1024 * 1024 });

/** Unicode-normalised, so the same password typed on another keyboard or OS still matches. */
const normalise = (password: string) => password.normalize('NFC');

/** What is wrong with a new password, or null. Length is what counts (NIST SP 800-63B); no composition rules. */
export function passwordProblem(password: string): string | null {
	const n = [...normalise(password)].length;
	if (n < PASSWORD_MIN) return `the password must have at least ${PASSWORD_MIN} characters`;
	if (n > PASSWORD_MAX) return `the password must have at most ${PASSWORD_MAX} characters`;
	return null;
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(SALT_BYTES);
	const { log2N, r, p } = PARAMS;
	const key = await limited(() => scrypt(normalise(password), salt, KEY_BYTES, options(log2N, r, p)));
	return `scrypt$${log2N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface Parsed {
	log2N: number;
	r: number;
	p: number;
	salt: Buffer;
	key: Buffer;
}

function parse(stored: string): Parsed | null {
	const m = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d)\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{32,128})$/.exec(stored);
	if (!m) return null;
	const [log2N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const inside = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;
	if (!inside(log2N, BOUNDS.log2N) || !inside(r, BOUNDS.r) || !inside(p, BOUNDS.p)) return null;
	const salt = Buffer.from(m[4], 'base64url');
	const key = Buffer.from(m[5], 'base64url');
	if (salt.length < SALT_BYTES || key.length !== KEY_BYTES) return null;
	return { log2N, r, p, salt, key };
}

/** A hash of a password nobody knows, checked for unknown users so that their answer takes as long as a known one's. */
let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hashPassword(randomBytes(24).toString('base64url')));

/**
 * Whether the password matches the stored hash. A malformed or tampered hash never matches (and never throws).
 * `stored` null (no such user) spends the same time on a dummy hash and returns false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
	const parsed = parse(stored ?? (await dummyHash()));
	if (!parsed) return false;
	const key = await limited(() => scrypt(normalise(password), parsed.salt, parsed.key.length, options(parsed.log2N, parsed.r, parsed.p)));
	return timingSafeEqual(key, parsed.key) && stored !== null;
}

/** The stored hash uses weaker parameters than today's: hash the password again at the next successful login. */
export function needsRehash(stored: string): boolean {
	const parsed = parse(stored);
	return !parsed || parsed.log2N < PARAMS.log2N || parsed.r < PARAMS.r || parsed.p < PARAMS.p;
}

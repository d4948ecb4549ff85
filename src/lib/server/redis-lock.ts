// A short mutual exclusion across processes: SET NX PX with a token, released only by its holder.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** Take the lease if free, or extend it if ours; 1 when we hold it. */
const LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

/** One holder at a time for a recurring job: true while `holder` holds `key` (taken or extended for `ms`). */
export async function holdLease(redis: Redis, key: string, holder: string, ms: number): Promise<boolean> {
	return (await redis.eval(LEASE, 1, key, holder, ms).catch(() => 0)) === 1;
}

/** Gives a lease up, if `holder` still holds it. */
export async function releaseLease(redis: Redis, key: string, holder: string): Promise<void> {
	await redis.eval(RELEASE, 1, key, holder).catch(() => {});
}

/** Runs `fn` holding `key` (waits for it up to `waitMs`); the lock expires after `ttlMs` if its holder dies. */
export async function withLock<T>(redis: Redis, key: string, fn: () => Promise<T>, ttlMs = 10_000, waitMs = 15_000): Promise<T> {
	const token = randomUUID();
	const deadline = Date.now() + waitMs;
	while ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
		if (Date.now() > deadline) throw new Error(`lock ${key} not acquired within ${waitMs} ms`);
		await new Promise((r) => setTimeout(r, 25));
	}
	try {
		return await fn();
	} finally {
		await releaseLease(redis, key, token);
	}
}

// A short mutual exclusion across processes: SET NX PX with a token, released only by its holder.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

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
		await redis.eval(RELEASE, 1, key, token).catch(() => {});
	}
}

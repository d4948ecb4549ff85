// Sessions and rate limits against a real redis-server: idle and absolute expiry, revocation markers, the login
// lockout's doubling, the ingest window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestRedis, type TestRedis } from '../testing/redis.ts';
import { createSession, endSession, resolveHash, resolveSession, revokeSubject, subjectOf } from './sessions.ts';
import { loginFailed, loginLockedFor, loginSucceeded, fixedWindow } from './rate-limit.ts';
import { ingestGate } from './ingest.ts';
import { sha256hex } from './tokens.ts';
import type { Principal } from './policy.ts';

let server: TestRedis;
let redis: Redis;
beforeAll(async () => {
	server = await startTestRedis();
	redis = new Redis(server.url);
});
afterAll(async () => {
	redis?.disconnect();
	await server?.stop();
});

const alice: Principal = { kind: 'user', id: 'u-alice', name: 'alice', role: 'province-viewer', province: '01' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sessions', () => {
	it('keeps only a hash of the id in Redis, renews the idle timeout on use, and ends at the absolute expiry', async () => {
		const created = (await createSession(redis, alice, { idleMs: 400, maxMs: 1_200 }))!;
		expect(await redis.exists(`mcc:session:${created.id}`)).toBe(0);
		expect(await redis.exists(`mcc:session:${sha256hex(created.id)}`)).toBe(1);
		expect(created.session.hash).toBe(sha256hex(created.id));
		// Used every 250 ms: alive past the idle timeout…
		for (let t = 0; t < 3; t++) {
			await sleep(250);
			expect((await resolveSession(redis, created.id))?.principal).toEqual(alice);
		}
		// …but not past the absolute one.
		await sleep(500);
		expect(await resolveSession(redis, created.id)).toBeNull();
		// Unused: gone after the idle timeout.
		const idle = (await createSession(redis, alice, { idleMs: 300, maxMs: 10_000 }))!;
		await sleep(450);
		expect(await resolveSession(redis, idle.id)).toBeNull();
	});

	it('logout ends one session; a revocation ends them all and, when permanent, refuses new ones', async () => {
		const bob: Principal = { ...alice, id: 'u-bob', name: 'bob' };
		const [a, b] = [(await createSession(redis, bob, { idleMs: 60_000, maxMs: 60_000 }))!, (await createSession(redis, bob, { idleMs: 60_000, maxMs: 60_000 }))!];
		await endSession(redis, a.id);
		expect(await resolveSession(redis, a.id)).toBeNull();
		expect(await resolveSession(redis, b.id)).not.toBeNull();
		const c = (await createSession(redis, bob, { idleMs: 60_000, maxMs: 60_000 }))!;
		expect(await revokeSubject(redis, subjectOf(bob), false)).toBe(2);
		expect(await resolveHash(redis, b.session.hash)).toBeNull();
		expect(await resolveSession(redis, c.id)).toBeNull();
		expect(await createSession(redis, bob, { idleMs: 60_000, maxMs: 60_000 })).not.toBeNull(); // not permanent
		await revokeSubject(redis, subjectOf(bob), true);
		expect(await createSession(redis, bob, { idleMs: 60_000, maxMs: 60_000 })).toBeNull();
	});

	it('refuses ids that are not session ids without asking Redis', async () => {
		for (const id of [undefined, null, '', 'x', '../../etc', 'a'.repeat(200)]) expect(await resolveSession(redis, id)).toBeNull();
	});
});

describe('rate limits', () => {
	const limits = { maxFailures: 3, maxFailuresPerIp: 100, lockoutMs: 200, windowMs: 60_000 };

	it('locks a username from the Nth failure, doubling with each further one; a success forgets the failures', async () => {
		expect(await loginFailed(redis, 'carol', '10.0.0.1', limits)).toBe(0);
		expect(await loginFailed(redis, 'carol', '10.0.0.2', limits)).toBe(0);
		expect(await loginFailed(redis, 'carol', '10.0.0.3', limits)).toBe(200);
		expect(await loginLockedFor(redis, 'carol', '10.9.9.9')).toBeGreaterThan(100);
		expect(await loginFailed(redis, 'carol', '10.0.0.3', limits)).toBe(400);
		expect(await loginFailed(redis, 'carol', '10.0.0.3', limits)).toBe(800);
		expect(await loginLockedFor(redis, 'dave', '10.9.9.9')).toBe(0);
		await loginSucceeded(redis, 'carol');
		expect(await loginLockedFor(redis, 'carol', '10.9.9.9')).toBe(0);
		expect(await loginFailed(redis, 'carol', '10.0.0.1', limits)).toBe(0);
		// No username is kept in clear.
		expect((await redis.keys('mcc:login:*')).join()).not.toContain('carol');
	});

	it('fixed window: the limit, then refusals with the seconds left; the next window starts again', async () => {
		const start = 1_000_000_000_000 - (1_000_000_000_000 % 10_000);
		for (let i = 1; i <= 3; i++) expect((await fixedWindow(redis, 'w', 3, 10_000, start + 100)).allowed).toBe(true);
		expect(await fixedWindow(redis, 'w', 3, 10_000, start + 2_500)).toEqual({ allowed: false, count: 4, retryAfterSeconds: 8 });
		expect((await fixedWindow(redis, 'w', 3, 10_000, start + 10_001)).allowed).toBe(true);
		expect((await fixedWindow(redis, 'w', 0, 10_000)).allowed).toBe(true);
	});

	it('the ingest gate: revocation marker and per-key budget in one round trip', async () => {
		const limit = { requests: 2, windowMs: 60_000 };
		expect(await ingestGate(redis, 'k1', limit)).toMatchObject({ revoked: false, allowed: true });
		expect(await ingestGate(redis, 'k1', limit)).toMatchObject({ allowed: true });
		expect(await ingestGate(redis, 'k1', limit)).toMatchObject({ allowed: false });
		expect(await ingestGate(redis, 'k1', { requests: 0, windowMs: 60_000 })).toMatchObject({ allowed: true });
		await redis.set('mcc:revoked:ingest-key:k2', '1');
		expect(await ingestGate(redis, 'k2', limit)).toMatchObject({ revoked: true });
	});
});

// The gate of POST /api/v1/events after the key is authenticated (ingest/keys.ts): one Redis round trip tells
// whether the key was revoked moments ago (a marker: the key store's cache may be 10 s old, and another node's too)
// and counts the request against the key's budget (fixed window, INGEST_RATE_LIMIT per INGEST_RATE_WINDOW_SECONDS).
import type { Redis } from 'ioredis';
import { ingestRevokedKey } from './sessions.ts';

export interface IngestGate {
	revoked: boolean;
	allowed: boolean;
	retryAfterSeconds: number;
}

export async function ingestGate(redis: Redis, keyId: string, limit: { requests: number; windowMs: number }, now = Date.now()): Promise<IngestGate> {
	const slot = Math.floor(now / limit.windowMs);
	const counter = `mcc:rate:ingest:${keyId}:${slot}`;
	const tx = redis.multi().exists(ingestRevokedKey(keyId));
	if (limit.requests > 0) tx.incr(counter).pexpire(counter, limit.windowMs + 1_000);
	const results = (await tx.exec()) as [Error | null, number][];
	const revoked = Number(results[0][1]) === 1;
	const count = limit.requests > 0 ? Number(results[1][1]) : 0;
	const retryAfterSeconds = Math.max(1, Math.ceil(((slot + 1) * limit.windowMs - now) / 1000));
	return { revoked, allowed: limit.requests <= 0 || count <= limit.requests, retryAfterSeconds };
}

// Two web nodes (two socket.io servers) sharing one Redis: a client on either node gets each update once, and when
// the emitting node goes away the other takes over.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { startTestRedis, type TestRedis } from '../testing/redis.ts';
import { createLogger } from '../log.ts';
import { CHANGED_CHANNEL, type ChangedMessage } from '../ingest/job.ts';
import type { IngestProgress } from '../../realtime.ts';
import { attachLive } from './socket.ts';

let redis: TestRedis;
let publisher: Redis;
beforeAll(async () => {
	redis = await startTestRedis();
	publisher = new Redis(redis.url);
});
afterAll(async () => {
	publisher?.disconnect();
	await redis?.stop();
});

async function node() {
	const http: HttpServer = createServer();
	const live = attachLive(http, { redisTarget: { url: redis.url }, log: createLogger('silent') }, 100);
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	return { live, url: `http://127.0.0.1:${(http.address() as { port: number }).port}` };
}

async function client(url: string): Promise<{ socket: Socket; received: IngestProgress[] }> {
	const socket = connect(url, { transports: ['websocket'] });
	const received: IngestProgress[] = [];
	socket.on('ingest:progress', (p: IngestProgress) => received.push(p));
	expect(await socket.timeout(5_000).emitWithAck('room:join', 'national')).toEqual({ ok: true });
	return { socket, received };
}

const changed = (events: number): ChangedMessage => ({ tables: ['raw_visit'], provinces: ['79'], from: 1, to: 2, events, at: Date.now() });

it('delivers each update once to clients of either node, and survives the loss of the emitting node', async () => {
	const [a, b] = [await node(), await node()];
	const [onA, onB] = [await client(a.url), await client(b.url)];
	await expect.poll(() => [a.live.isLeader(), b.live.isLeader()].filter(Boolean).length).toBe(1);

	await publisher.publish(CHANGED_CHANNEL, JSON.stringify(changed(42)));
	await expect.poll(() => onA.received.length + onB.received.length, { timeout: 2_000 }).toBe(2);
	await new Promise((r) => setTimeout(r, 500)); // no second copy arrives later
	expect(onA.received.map((p) => p.events)).toEqual([42]);
	expect(onB.received.map((p) => p.events)).toEqual([42]);

	// The leader goes away; the other node takes the lock and its client still gets updates.
	const [leader, follower, followerClient] = a.live.isLeader() ? [a, b, onB] : [b, a, onA];
	await leader.live.close();
	await expect.poll(() => follower.live.isLeader(), { timeout: 5_000 }).toBe(true);
	await publisher.publish(CHANGED_CHANNEL, JSON.stringify(changed(7)));
	await expect.poll(() => followerClient.received.map((p) => p.events), { timeout: 2_000 }).toEqual([42, 7]);

	onA.socket.disconnect();
	onB.socket.disconnect();
	await follower.live.close();
});

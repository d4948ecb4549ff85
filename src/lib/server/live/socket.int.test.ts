// Two web nodes (two socket.io servers) sharing one Redis: a client on either node gets the room's snapshot on
// joining and each delta once; when the emitting node goes away the other takes over and the versions carry on;
// a client that reconnects gets the current snapshot.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { startTestRedis, type TestRedis } from '../testing/redis.ts';
import { createLogger } from '../log.ts';
import { CHANGED_CHANNEL, type ChangedMessage } from '../ingest/job.ts';
import { applyPatch, type Json } from '../../live/patch.ts';
import type { IngestProgress, JoinResult, RoomDelta } from '../../realtime.ts';
import { attachLive, roomAffected, type SnapshotSource } from './socket.ts';
import { OPEN_GUARD_FOR_HUB_TESTS } from '../testing/auth.ts';

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

// The screens: what a snapshot of each room would show, changed by the test as "events" arrive.
const committed: Record<string, number> = {};
const computed: string[] = [];
/** The rooms of each call to the snapshot source. */
const calls: string[][] = [];
const screens: SnapshotSource = async (rooms) => {
	computed.push(...rooms);
	calls.push([...rooms]);
	return new Map(rooms.map((room) => [room, room === 'site:unknown' ? null : { room, committed: { ...committed }, rows: [1, 2, 3] }]));
};

/** Nodes a test left running (it failed before closing them): closed after it, so the next test can take the lead. */
const running = new Set<() => Promise<void>>();
afterEach(async () => {
	for (const close of running) await close();
});

async function node(snapshot: SnapshotSource = screens) {
	const http: HttpServer = createServer();
	// The hub alone (no app, no sessions): access control has its own tests (auth/auth.int.test.ts).
	const hub = attachLive(http, { redisTarget: { url: redis.url }, log: createLogger('silent'), snapshot, guard: OPEN_GUARD_FOR_HUB_TESTS }, 100);
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	let closing: Promise<void> | null = null;
	const close = () => {
		running.delete(close);
		return (closing ??= hub.close());
	};
	running.add(close);
	return { live: { ...hub, close }, url: `http://127.0.0.1:${(http.address() as { port: number }).port}` };
}

interface Client {
	socket: Socket;
	progress: IngestProgress[];
	deltas: RoomDelta[];
	screen: { version: number; data: Json };
}

async function client(url: string, room: string): Promise<Client> {
	const socket = connect(url, { transports: ['websocket'] });
	const c: Client = { socket, progress: [], deltas: [], screen: { version: 0, data: null } };
	socket.on('ingest:progress', (p: IngestProgress) => c.progress.push(p));
	socket.on('room:delta', (d: RoomDelta) => {
		c.deltas.push(d);
		expect(d.base).toBe(c.screen.version); // a gap would mean a lost update
		c.screen = { version: d.version, data: applyPatch(structuredClone(c.screen.data), d.patch) };
	});
	const joined = (await socket.timeout(5_000).emitWithAck('room:join', room)) as JoinResult;
	if (!joined.ok) throw new Error(joined.error);
	if (joined.snapshot) c.screen = { version: joined.snapshot.version, data: joined.snapshot.data as Json };
	return c;
}

const changed = (provinces: string[], events: number): ChangedMessage => ({ tables: ['raw_visit'], provinces, from: 1, to: 2, events, at: Date.now() });
const commit = async (province: string, events: number) => {
	committed[province] = (committed[province] ?? 0) + events;
	await publisher.publish(CHANGED_CHANNEL, JSON.stringify(changed([province], events)));
};

it('sends a snapshot on joining and each delta once to clients of either node; a new leader carries on', async () => {
	const [a, b] = [await node(), await node()];
	const [onA, onB] = [await client(a.url, 'national'), await client(b.url, 'national')];
	// Both got the same snapshot: the second join read the one the first stored.
	expect(onA.screen).toEqual({ version: 1, data: { room: 'national', committed: {}, rows: [1, 2, 3] } });
	expect(onB.screen).toEqual(onA.screen);
	await expect.poll(() => [a.live.isLeader(), b.live.isLeader()].filter(Boolean).length).toBe(1);

	await commit('79', 42);
	await expect.poll(() => onA.deltas.length + onB.deltas.length, { timeout: 2_000 }).toBe(2);
	await new Promise((r) => setTimeout(r, 500)); // no second copy arrives later
	for (const c of [onA, onB]) {
		expect(c.deltas.map((d) => d.patch)).toEqual([{ committed: { 79: 42 } }]);
		expect(c.screen).toEqual({ version: 2, data: { room: 'national', committed: { '79': 42 }, rows: [1, 2, 3] } });
		expect(c.progress.map((p) => p.events)).toEqual([42]);
	}

	// The leader goes away; the other node takes the lock and its client's versions go on from 2.
	const [leader, follower, followerClient] = a.live.isLeader() ? [a, b, onB] : [b, a, onA];
	await leader.live.close();
	await expect.poll(() => follower.live.isLeader(), { timeout: 5_000 }).toBe(true);
	await commit('01', 7);
	await expect.poll(() => followerClient.screen.version, { timeout: 2_000 }).toBe(3);
	expect(followerClient.screen.data).toEqual({ room: 'national', committed: { '79': 42, '01': 7 }, rows: [1, 2, 3] });

	// A client that drops and comes back gets the current screen at once.
	followerClient.socket.disconnect();
	const back = await client(follower.url, 'national');
	expect(back.screen).toEqual(followerClient.screen);

	onA.socket.disconnect();
	onB.socket.disconnect();
	back.socket.disconnect();
	await follower.live.close();
});

it('refreshes a province room only for its own province, and refuses unknown rooms', async () => {
	const n = await node();
	const hanoi = await client(n.url, 'province:01');
	await expect.poll(() => n.live.isLeader(), { timeout: 5_000 }).toBe(true);
	// A new leader's first pass refreshes every room it has not refreshed yet (a heartbeat): let it go by.
	await new Promise((r) => setTimeout(r, 300));
	const before = hanoi.screen.version;
	computed.length = 0;
	await commit('79', 1);
	await new Promise((r) => setTimeout(r, 600));
	expect(computed).not.toContain('province:01');
	expect(hanoi.screen.version).toBe(before);
	await commit('01', 1);
	await expect.poll(() => hanoi.screen.version, { timeout: 2_000 }).toBe(before + 1);

	expect(await hanoi.socket.timeout(5_000).emitWithAck('room:join', 'province:1')).toEqual({ ok: false, error: 'room must be national, ops, ops:NN, province:NN or site:ID' });
	expect(await hanoi.socket.timeout(5_000).emitWithAck('room:join', 'site:unknown')).toEqual({ ok: true, snapshot: null });
	hanoi.socket.disconnect();
	await n.live.close();
});

it('recomputes the affected rooms of a pass in one call to the snapshot source per kind of room', async () => {
	const n = await node();
	const rooms = ['national', 'province:79', 'province:01', 'site:S-79-00001', 'ops'];
	const clients = await Promise.all(rooms.map((room) => client(n.url, room)));
	await expect.poll(() => n.live.isLeader(), { timeout: 5_000 }).toBe(true);
	await new Promise((r) => setTimeout(r, 300)); // passes over the joins settle
	calls.length = 0;
	await commit('79', 3);
	// province:01 is not affected by a change in 79; the others (the site's province unknown to this hub) are.
	await expect.poll(() => calls.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(4);
	expect(calls.slice(0, 4).toSorted()).toEqual([['national'], ['ops'], ['province:79'], ['site:S-79-00001']]);
	for (const c of clients.filter((_, i) => rooms[i] !== 'province:01')) await expect.poll(() => (c.screen.data as { committed: Record<string, number> }).committed['79']).toBe(committed['79']);
	for (const c of clients) c.socket.disconnect();
	await n.live.close();
});

it('keeps the lead through a pass longer than the lease, and runs one pass at a time', async () => {
	let passMs = 1_500;
	const passes: { start: number; end: number }[] = [];
	const slow: SnapshotSource = async (rooms, asOf) => {
		const pass = { start: Date.now(), end: Infinity };
		passes.push(pass);
		await new Promise((r) => setTimeout(r, passMs));
		pass.end = Date.now();
		return screens(rooms, asOf);
	};
	const a = await node(slow);
	const watcher = await client(a.url, 'national');
	await expect.poll(() => a.live.isLeader(), { timeout: 5_000 }).toBe(true);
	// Every pass has a room to refresh: a change in every interval.
	const changes = setInterval(() => void commit('79', 1), 50);
	// Passes of 1.5 s, longer than the 1 s lease: the lease is renewed meanwhile, a second node does not take over.
	const b = await node();
	const seen = new Set<string>();
	const until = Date.now() + 3_500;
	while (Date.now() < until) {
		seen.add(`${a.live.isLeader()}/${b.live.isLeader()}`);
		await new Promise((r) => setTimeout(r, 50));
	}
	expect([...seen]).toEqual(['true/false']);
	// One pass at a time: none starts before the one before it ended.
	const done = passes.filter((p) => p.end < Infinity);
	expect(done.length).toBeGreaterThanOrEqual(2);
	for (let i = 1; i < done.length; i++) expect(done[i].start).toBeGreaterThanOrEqual(done[i - 1].end);
	clearInterval(changes);
	watcher.socket.disconnect();
	await b.live.close();
	passMs = 0;
	await a.live.close();
});

it('computes a room\'s first snapshot once however many clients join it at the same moment', async () => {
	const n = await node();
	computed.length = 0;
	// A room nobody has watched: no snapshot in Redis yet (a wall of kiosks coming up after a restart).
	const clients = await Promise.all(Array.from({ length: 20 }, () => client(n.url, 'province:48')));
	// Once for the 20 joins (it was once each); the leader's pass may refresh the new room once more meanwhile.
	expect(computed.filter((r) => r === 'province:48').length).toBeLessThanOrEqual(2);
	expect(new Set(clients.map((c) => c.screen.version)).size).toBeLessThanOrEqual(2);
	for (const c of clients) c.socket.disconnect();
	await n.live.close();
});

it('knows which rooms a change can affect', () => {
	const changedIn = new Set(['79']);
	expect(roomAffected('national', changedIn)).toBe(true);
	expect(roomAffected('province:79', changedIn)).toBe(true);
	expect(roomAffected('province:01', changedIn)).toBe(false);
	expect(roomAffected('site:S-01-00001', changedIn)).toBe(true); // its province unknown: any change
	expect(roomAffected('site:S-01-00001', changedIn, '01')).toBe(false);
	expect(roomAffected('site:S-79-00001', changedIn, '79')).toBe(true);
	expect(roomAffected('ops', changedIn)).toBe(true);
	expect(roomAffected('ops:79', changedIn)).toBe(true);
	expect(roomAffected('ops:01', changedIn)).toBe(false);
	expect(roomAffected('national', new Set())).toBe(false);
});

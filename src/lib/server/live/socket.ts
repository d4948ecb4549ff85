// socket.io on the app's own HTTP server (same port). Clients join rooms (national, province:NN, site:ID, ops) and
// get the room's whole screen on joining, then deltas at most once a second. Several web nodes share rooms through
// the Redis adapter; one of them at a time (the holder of a Redis lease) turns the worker's "changed" messages into
// new snapshots and deltas, so each client gets each update once. The last snapshot of each room lives in Redis, so
// any node answers a join with the version the deltas build on, and a new leader carries on where the old one left.
import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';
import { createAdapter, type RedisAdapter } from '@socket.io/redis-adapter';
import type { App } from '../app.ts';
import { connectRedis } from '../redis.ts';
import { holdLease, releaseLease } from '../redis-lock.ts';
import { CHANGED_CHANNEL, type ChangedMessage } from '../ingest/job.ts';
import { ALERTS_CHANGED_CHANNEL, type AlertsChanged } from '../alerts/engine.ts';
import { diff, isEmptyPatch, type Json } from '../../live/patch.ts';
import { ROOM_PATTERN, type ClientToServerEvents, type IngestProgress, type RoomDelta, type RoomSnapshot, type ServerToClientEvents } from '../../realtime.ts';
import { appLiveGuard, type LiveGuard } from '../auth/live.ts';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * The screens of some rooms as of an instant, all at once (one run of each query serves every room of a kind); null
 * or absent for a room that names nothing (an unknown site).
 */
export type SnapshotSource = (rooms: readonly string[], asOf: number) => Promise<Map<string, Json | null>>;

/** Sums changed messages per room between flushes. */
export class ProgressAggregator {
	#rooms = new Map<string, IngestProgress>();

	add(message: ChangedMessage): void {
		for (const room of ['national', ...message.provinces.map((p) => `province:${p}`)]) {
			const current = this.#rooms.get(room);
			if (!current) {
				this.#rooms.set(room, { events: message.events, tables: [...message.tables], provinces: [...message.provinces], from: message.from, to: message.to, at: 0 });
				continue;
			}
			current.events += message.events;
			for (const t of message.tables) if (!current.tables.includes(t)) current.tables.push(t);
			for (const p of message.provinces) if (!current.provinces.includes(p)) current.provinces.push(p);
			current.from = Math.min(current.from, message.from);
			current.to = Math.max(current.to, message.to);
		}
	}

	/** What each room is owed now; empties the aggregator. */
	take(now: number): [string, IngestProgress][] {
		const out = [...this.#rooms.entries()].map(([room, p]): [string, IngestProgress] => [room, { ...p, tables: p.tables.sort(), provinces: p.provinces.sort(), at: now }]);
		this.#rooms.clear();
		return out;
	}
}

/**
 * Whether a room's screen may have changed, given the provinces whose events were committed since the last tick:
 * a province's room (and its ops queue) only for its own province, a site's only for its site's province (for any
 * when that is not known); the national and ops rooms for any. A pass recomputes the affected rooms together.
 */
export function roomAffected(room: string, changedProvinces: ReadonlySet<string>, siteProvince?: string): boolean {
	if (changedProvinces.size === 0) return false;
	if (room.startsWith('province:')) return changedProvinces.has(room.slice(9));
	if (room.startsWith('ops:')) return changedProvinces.has(room.slice(4));
	if (room.startsWith('site:') && siteProvince !== undefined) return changedProvinces.has(siteProvince);
	return true;
}

const LEADER_KEY = 'mcc:live:leader';
const snapshotKey = (room: string) => `mcc:live:snapshot:${room}`;
/** A room without updates for this long gets one anyway: its freshness badge moves and time-based numbers age. */
export const HEARTBEAT_MS = 15_000;
/** Snapshots of rooms nobody watches expire. */
const SNAPSHOT_TTL_SECONDS = 3_600;

export interface LiveDeps extends Pick<App, 'redisTarget' | 'log'> {
	snapshot: SnapshotSource;
	/** "Now" of the live screens (see ../clock.ts); the wall clock by default. */
	clock?: () => Promise<number>;
	/**
	 * Access control (../auth/live.ts): the session cookie at the handshake, canView at every room:join, revocations.
	 * Default: the running app's. Only tests of the hub itself pass another.
	 */
	guard?: LiveGuard;
	/** The province of a site, so that a site's room is recomputed only for changes in its province. */
	siteProvince?: (id: string) => Promise<string | undefined>;
}

export function attachLive(httpServer: HttpServer, deps: LiveDeps, intervalMs = 1_000): { io: LiveServer; isLeader(): boolean; close(): Promise<void> } {
	const { log } = deps;
	const clock = deps.clock ?? (async () => Date.now());
	const pub = connectRedis(deps.redisTarget, { maxRetriesPerRequest: null });
	const sub = pub.duplicate();
	for (const r of [pub, sub]) r.on('error', (error) => log.warn({ err: error.message }, 'redis (socket.io adapter) connection error'));
	const io: LiveServer = new Server(httpServer, { serveClient: false, transports: ['websocket', 'polling'], adapter: createAdapter(pub, sub) });
	const guard = deps.guard ?? appLiveGuard();
	const unguard = guard.install(io, { log, redisTarget: deps.redisTarget });

	const readSnapshot = async (room: string): Promise<RoomSnapshot<Json> | null> => {
		const text = await pub.get(snapshotKey(room));
		return text === null ? null : (JSON.parse(text) as RoomSnapshot<Json>);
	};
	const readSnapshots = async (rooms: readonly string[]): Promise<(RoomSnapshot<Json> | null)[]> =>
		(await pub.mget(...rooms.map(snapshotKey))).map((text) => (text === null ? null : (JSON.parse(text) as RoomSnapshot<Json>)));
	const writeFirstSnapshot = (snapshot: RoomSnapshot<Json>) => pub.set(snapshotKey(snapshot.room), JSON.stringify(snapshot), 'EX', SNAPSHOT_TTL_SECONDS, 'NX');

	// A room's first snapshot, computed once on this node however many clients join the room at the same moment (the
	// first screens after a restart, a wall of kiosks coming up): every join waits for the same computation.
	const firstSnapshots = new Map<string, Promise<RoomSnapshot<Json> | null>>();
	const firstSnapshot = (room: string): Promise<RoomSnapshot<Json> | null> => {
		let pending = firstSnapshots.get(room);
		if (!pending) {
			pending = (async () => {
				const data = (await deps.snapshot([room], await clock())).get(room) ?? null;
				if (data === null) return null;
				const snapshot: RoomSnapshot<Json> = { room, version: 1, at: Date.now(), data };
				// Another node may have stored one meanwhile: then that one is the base of the deltas.
				return (await writeFirstSnapshot(snapshot)) === 'OK' ? snapshot : await readSnapshot(room);
			})().finally(() => firstSnapshots.delete(room));
			firstSnapshots.set(room, pending);
		}
		return pending;
	};

	io.on('connection', (socket) => {
		socket.on('room:join', async (room, ack) => {
			if (typeof room !== 'string' || !ROOM_PATTERN.test(room)) {
				ack?.({ ok: false, error: 'room must be national, ops, ops:NN, province:NN or site:ID' });
				return;
			}
			try {
				// Who may see this room (province:NN and site:ID of another province, ops): checked at every join.
				const refused = await guard.refuse(socket, room);
				if (refused) {
					ack?.({ ok: false, error: refused });
					return;
				}
				// Joined first, so no delta made after the snapshot is read can be missed.
				await socket.join(room);
				const snapshot = (await readSnapshot(room)) ?? (await firstSnapshot(room));
				ack?.({ ok: true, snapshot });
			} catch (error) {
				log.warn({ err: (error as Error).message, room }, 'room join failed');
				ack?.({ ok: false, error: 'the server could not read this room now; try again' });
			}
		});
		socket.on('room:leave', (room) => {
			if (typeof room === 'string') void socket.leave(room);
		});
	});

	/**
	 * Recomputes the rooms' screens and sends each room what changed as one delta (an empty one as a heartbeat). Each
	 * kind of room (national, province, site, ops) is computed together and sent as soon as it is ready: the national
	 * wall (whose queries go first, see rooms.ts) does not wait for 250 site screens. The kinds share one pass at a
	 * time: separate passes per kind kept the engine busy reading and slowed the worker's inserts (bench:live).
	 */
	async function refresh(rooms: readonly string[], now: number): Promise<void> {
		const kinds = Map.groupBy(rooms, (room) => room.split(':')[0]);
		await Promise.all([...kinds.values()].map((group) => refreshKind(group, now).catch((error: Error) => log.warn({ err: error.message, rooms: group.length, room: group[0] }, 'room refresh failed'))));
	}

	// The leader's own copy of what it last stored for each room it refreshes: the base of the next delta without
	// reading (and parsing) every screen back from Redis each pass (~6 MB for the 63 province screens). Dropped when
	// the lead is lost (another leader may write meanwhile) and for rooms no longer watched; a miss reads Redis.
	const stored = new Map<string, RoomSnapshot<Json>>();
	async function previousSnapshots(rooms: readonly string[]): Promise<(RoomSnapshot<Json> | null)[]> {
		const missing = rooms.filter((room) => !stored.has(room));
		const read = missing.length > 0 ? await readSnapshots(missing) : [];
		missing.forEach((room, i) => {
			const snapshot = read[i];
			if (snapshot) stored.set(room, snapshot);
		});
		return rooms.map((room) => stored.get(room) ?? null);
	}

	async function refreshKind(rooms: readonly string[], now: number): Promise<void> {
		const screens = await deps.snapshot(rooms, await clock());
		const previous = await previousSnapshots(rooms);
		const deltas: RoomDelta[] = [];
		const updated: RoomSnapshot<Json>[] = [];
		const writes = pub.pipeline();
		rooms.forEach((room, i) => {
			const data = screens.get(room) ?? null;
			if (data === null) return;
			const before = previous[i];
			const patch = before ? diff(before.data, data) : { $: data };
			if (before && isEmptyPatch(patch) && now - before.at < HEARTBEAT_MS) return;
			const snapshot: RoomSnapshot<Json> = { room, version: (before?.version ?? 0) + 1, at: now, data };
			writes.set(snapshotKey(room), JSON.stringify(snapshot), 'EX', SNAPSHOT_TTL_SECONDS);
			updated.push(snapshot);
			deltas.push({ room, base: before?.version ?? 0, version: snapshot.version, at: now, patch });
		});
		// Stored before sent: a client joining meanwhile reads the version the next delta builds on.
		try {
			for (const [error] of (await writes.exec()) ?? []) if (error) throw error;
		} catch (error) {
			// Redis may hold some of them or none: read them back next time.
			for (const room of rooms) stored.delete(room);
			throw error;
		}
		// Kept only while leading: a lead lost during the pass clears the copy, and another leader may write next.
		if (leader) for (const snapshot of updated) stored.set(snapshot.room, snapshot);
		for (const delta of deltas) io.to(delta.room).emit('room:delta', delta);
	}

	const aggregator = new ProgressAggregator();
	const subscriber = connectRedis(deps.redisTarget, { maxRetriesPerRequest: null });
	subscriber.on('error', (error) => log.warn({ err: error.message }, 'redis (live) connection error'));
	const changedProvinces = new Set<string>();
	void subscriber.subscribe(CHANGED_CHANNEL, ALERTS_CHANGED_CHANNEL);
	subscriber.on('message', (channel, text) => {
		try {
			// New or changed alerts change the screens of their provinces (and the national ticker, the ops queue).
			if (channel === ALERTS_CHANGED_CHANNEL) for (const p of (JSON.parse(text) as AlertsChanged).provinces) changedProvinces.add(p);
			else {
				const message = JSON.parse(text) as ChangedMessage;
				aggregator.add(message);
				// Straight to the next pass (the progress events keep their own pace).
				for (const p of message.provinces) changedProvinces.add(p);
			}
		} catch {
			log.warn('ignored a malformed changed message');
		}
	});
	const nodeId = randomUUID();
	const leaseMs = Math.max(3 * intervalMs, 1_000);
	let leader = false;
	let closed = false;
	const lastRefresh = new Map<string, number>();
	// The lease and the ingest progress keep their second while a pass runs long (a pass of 5 s at startup would
	// otherwise let the lease lapse and a second leader start).
	const beat = async () => {
		try {
			leader = await holdLease(pub, LEADER_KEY, nodeId, leaseMs);
			if (!leader) stored.clear();
			// Every node drains its aggregator; only the leader's updates go out (to every node's clients).
			const due = aggregator.take(Date.now());
			if (!leader) return;
			for (const [room, progress] of due) io.to(room).emit('ingest:progress', progress);
		} catch (error) {
			log.warn({ err: (error as Error).message }, 'live lease failed');
		}
	};
	const heartbeat = setInterval(() => void beat(), intervalMs);
	// One pass at a time, on the interval's ticks: a pass that runs past a tick is followed at the next one. Under load
	// (a pass of 0.8–1.4 s at 10,000 events/s) that makes it one pass in two seconds, which leaves the engine time for
	// the worker's inserts: starting the next pass at once, or as long after the last as it ran, was slower end to end
	// in bench:live (p95 6.3–7.1 s against 5.3 s).
	let timer: NodeJS.Timeout;
	const schedule = (lastStart: number) => {
		if (closed) return;
		const ticks = Math.max(1, Math.ceil((Date.now() - lastStart) / intervalMs));
		timer = setTimeout(async () => {
			const begun = Date.now();
			await pass();
			schedule(begun);
		}, lastStart + ticks * intervalMs - Date.now());
	};
	const pass = async () => {
		if (!leader) return;
		try {
			// Rooms with a client on any node (the Redis adapter asks the others).
			const rooms = [...(await (io.of('/').adapter as RedisAdapter).allRooms())].filter((r) => ROOM_PATTERN.test(r));
			const watched = new Set(rooms);
			for (const room of stored.keys()) if (!watched.has(room)) stored.delete(room);
			const changed = new Set(changedProvinces);
			changedProvinces.clear();
			const now = Date.now();
			const due: string[] = [];
			for (const room of rooms) {
				const siteProvince = room.startsWith('site:') ? await deps.siteProvince?.(room.slice(5)) : undefined;
				if (!roomAffected(room, changed, siteProvince) && now - (lastRefresh.get(room) ?? 0) < HEARTBEAT_MS) continue;
				lastRefresh.set(room, now);
				due.push(room);
			}
			await refresh(due, now);
		} catch (error) {
			log.warn({ err: (error as Error).message }, 'live pass failed');
		}
	};
	void beat().then(() => schedule(Date.now() - intervalMs));
	return {
		io,
		isLeader: () => leader,
		close: async () => {
			closed = true;
			clearInterval(heartbeat);
			clearTimeout(timer);
			unguard();
			subscriber.disconnect();
			await releaseLease(pub, LEADER_KEY, nodeId);
			await io.close();
			pub.disconnect();
			sub.disconnect();
		}
	};
}

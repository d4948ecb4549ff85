// socket.io on the app's own HTTP server (same port). Turns the worker's "changed" messages into at most one
// progress message per second per room. Several web nodes share rooms through the Redis adapter; one of them at a
// time (the holder of a Redis lock) does the emitting, so each client gets each update once.
import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { App } from '../app.ts';
import { connectRedis } from '../redis.ts';
import { CHANGED_CHANNEL, type ChangedMessage } from '../ingest/job.ts';
import { ROOM_PATTERN, type ClientToServerEvents, type IngestProgress, type ServerToClientEvents } from '../../realtime.ts';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;

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

const LEADER_KEY = 'mcc:live:leader';
/** Take the lock if free, or extend it if ours; 1 when we hold it. */
const LEAD_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function attachLive(
	httpServer: HttpServer,
	app: Pick<App, 'redisTarget' | 'log'>,
	intervalMs = 1_000
): { io: LiveServer; isLeader(): boolean; close(): Promise<void> } {
	const pub = connectRedis(app.redisTarget, { maxRetriesPerRequest: null });
	const sub = pub.duplicate();
	for (const r of [pub, sub]) r.on('error', (error) => app.log.warn({ err: error.message }, 'redis (socket.io adapter) connection error'));
	const io: LiveServer = new Server(httpServer, { serveClient: false, transports: ['websocket', 'polling'], adapter: createAdapter(pub, sub) });
	io.on('connection', (socket) => {
		socket.on('room:join', (room, ack) => {
			if (typeof room !== 'string' || !ROOM_PATTERN.test(room)) {
				ack?.({ ok: false, error: 'room must be national, ops, province:NN or site:ID' });
				return;
			}
			void socket.join(room);
			ack?.({ ok: true });
		});
		socket.on('room:leave', (room) => {
			if (typeof room === 'string') void socket.leave(room);
		});
	});

	const aggregator = new ProgressAggregator();
	const subscriber = connectRedis(app.redisTarget, { maxRetriesPerRequest: null });
	subscriber.on('error', (error) => app.log.warn({ err: error.message }, 'redis (live) connection error'));
	void subscriber.subscribe(CHANGED_CHANNEL);
	subscriber.on('message', (_channel, text) => {
		try {
			aggregator.add(JSON.parse(text) as ChangedMessage);
		} catch {
			app.log.warn('ignored a malformed changed message');
		}
	});
	const nodeId = randomUUID();
	const leaseMs = Math.max(3 * intervalMs, 1_000);
	let leader = false;
	const timer = setInterval(async () => {
		try {
			leader = (await pub.eval(LEAD_SCRIPT, 1, LEADER_KEY, nodeId, leaseMs)) === 1;
		} catch {
			leader = false;
		}
		// Every node drains its aggregator; only the leader's updates go out (to every node's clients).
		const due = aggregator.take(Date.now());
		if (leader) for (const [room, progress] of due) io.to(room).emit('ingest:progress', progress);
	}, intervalMs);
	return {
		io,
		isLeader: () => leader,
		close: async () => {
			clearInterval(timer);
			subscriber.disconnect();
			await pub.eval(RELEASE_SCRIPT, 1, LEADER_KEY, nodeId).catch(() => {});
			await io.close();
			pub.disconnect();
			sub.disconnect();
		}
	};
}

// socket.io clients of `npm run bench:live`, many per worker thread. Each is one screen: its own connection (with a
// session cookie), one room joined, the browser's protocol (src/lib/live/room.svelte.ts: the snapshot from the join,
// deltas on top, a rejoin after a reconnect or a missed delta). To keep 5,000 screens in memory a client does not keep
// the whole screen: it follows the versions (gaps are detected as the browser does) and reads, from each delta's
// operations, the one counter the marker events change (booster doses: the background load has none):
//   national        provinces[i].total.boosted, per province
//   province:NN     progress.total.boosted
//   site:ID         Σ daily[j].byDose["3"] (AZ dose 3: booster)
// The first client of each room in the first worker keeps the whole screen too (applyPatch, as the browser) and the
// counters read from it are compared with the ones read from the operations at the end (a check of the reading).
// Wire size of a message: the socket.io packet as received (engine.io "message" packet; no compression is on).
import { parentPort, workerData } from 'node:worker_threads';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { applyPatch, isEmptyPatch, patchChanges, type Json, type PatchOp } from '../src/lib/live/patch.ts';
import type { JoinResult, RoomDelta } from '../src/lib/realtime.ts';

export type RoomKind = 'national' | 'province' | 'site' | 'ops';
export const kindOf = (room: string): RoomKind => (room.startsWith('province:') ? 'province' : room.startsWith('site:') ? 'site' : room.startsWith('ops') ? 'ops' : 'national');

export interface ClientSpec {
	id: number;
	room: string;
	cookie: string;
}

export interface WorkerSpec {
	url: string;
	clients: ClientSpec[];
	connectConcurrency: number;
	/** Keep the whole screen of the first client of each room, and check the counters against it. */
	check: boolean;
}

export interface ConnectReport {
	connected: number;
	failed: number;
	errors: string[];
	/** Per client: io() → connected, and → join answered (ms), and the joined snapshot's size (bytes). */
	connectMs: number[];
	joinMs: number[];
	snapshotBytes: Record<RoomKind, number[]>;
	ms: number;
}

export interface KindStats {
	clients: number;
	deltas: number;
	/** Deltas with no operation (heartbeats). */
	empty: number;
	deltaBytes: number[];
	progress: number;
	progressBytes: number[];
	/** delta.at (when the server began the room's refresh) → received (ms), every delta. */
	sendToReceiveMs: number[];
	/** Deltas per client in the window, per client. */
	perClient: number[];
}

export interface WorkerResult {
	kinds: Record<RoomKind, KindStats>;
	/** Counter increases: [client id, counter key, value, received at (epoch ms)]. */
	seen: [number, string, number, number][];
	disconnects: number;
	reconnects: number;
	rejoins: number;
	joinFailures: number;
	errors: string[];
	checked: number;
	mismatches: string[];
	elu: number;
	loopDelayP99: number;
	loopDelayMax: number;
}

const spec = workerData as WorkerSpec;

interface Client {
	spec: ClientSpec;
	kind: RoomKind;
	socket: Socket;
	version: number;
	joining: boolean;
	/** Deltas that arrived while joining, applied on top of the join's snapshot (as the browser does). */
	held: RoomDelta[];
	lastBytes: number;
	/** Current value of each counter (national: by province code). */
	counters: Map<string, number>;
	/** National: province code of each index of `provinces`. */
	codes: string[];
	/** Site: booster doses of each day of `daily`. */
	daily: number[];
	full: Json | undefined;
	deltas: number;
}

const kinds = (): Record<RoomKind, KindStats> =>
	Object.fromEntries(
		(['national', 'province', 'site', 'ops'] as const).map((k) => [k, { clients: 0, deltas: 0, empty: 0, deltaBytes: [], progress: 0, progressBytes: [], sendToReceiveMs: [], perClient: [] }])
	) as unknown as Record<RoomKind, KindStats>;

const stats = kinds();
const seen: WorkerResult['seen'] = [];
let windowFrom = Number.POSITIVE_INFINITY;
let windowTo = Number.POSITIVE_INFINITY;
let disconnects = 0;
let reconnects = 0;
let rejoins = 0;
let joinFailures = 0;
let stopping = false;
const errors: string[] = [];
const note = (message: string) => {
	if (errors.length < 20) errors.push(message);
};

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const at = (v: unknown, ...path: (string | number)[]): unknown => {
	let node = v;
	for (const key of path) {
		if (node === null || typeof node !== 'object') return undefined;
		node = (node as Record<string | number, unknown>)[key];
	}
	return node;
};

function setCounter(c: Client, key: string, value: number | null, t: number): void {
	if (value === null) return;
	const before = c.counters.get(key) ?? 0;
	c.counters.set(key, value);
	if (value > before) seen.push([c.spec.id, key, value, t]);
}

/** Counters from a whole screen (a joined snapshot). */
function readScreen(c: Client, data: Json, t: number): void {
	if (c.kind === 'national') {
		const provinces = (at(data, 'provinces') as unknown[]) ?? [];
		c.codes = provinces.map((p) => String(at(p, 'code')));
		provinces.forEach((p, i) => setCounter(c, c.codes[i], num(at(p, 'total', 'boosted')), t));
	} else if (c.kind === 'province') {
		setCounter(c, 'p', num(at(data, 'progress', 'total', 'boosted')), t);
	} else if (c.kind === 'site') {
		c.daily = ((at(data, 'daily') as unknown[]) ?? []).map((d) => num(at(d, 'byDose', '3')) ?? 0);
		setCounter(c, 's', c.daily.reduce((s, x) => s + x, 0), t);
	}
}

/** Counters from a delta's operations: an operation at the counter, or above it (its value holds the counter). */
function readOps(c: Client, ops: readonly PatchOp[], t: number): void {
	if (c.kind === 'ops') return;
	let siteChanged = false;
	for (const op of ops) {
		const p = op.path;
		const value = 'remove' in op ? undefined : op.value;
		if (p.length === 0) {
			readScreen(c, value ?? null, t);
			continue;
		}
		if (c.kind === 'national') {
			if (p[0] !== 'provinces') continue;
			if (p.length === 1) {
				readScreen(c, { provinces: (value ?? []) as Json }, t);
				continue;
			}
			const code = c.codes[Number(p[1])];
			if (code === undefined) continue;
			const rest = ['total', 'boosted'];
			if (p.length > 4 || p.slice(2).some((k, i) => k !== rest[i])) continue;
			setCounter(c, code, num(at(value, ...rest.slice(p.length - 2))), t);
		} else if (c.kind === 'province') {
			const full = ['progress', 'total', 'boosted'];
			if (p.length > 3 || p.some((k, i) => k !== full[i])) continue;
			setCounter(c, 'p', num(at(value, ...full.slice(p.length))), t);
		} else {
			if (p[0] !== 'daily') continue;
			if (p.length === 1) {
				c.daily = ((value ?? []) as unknown[]).map((d) => num(at(d, 'byDose', '3')) ?? 0);
				siteChanged = true;
				continue;
			}
			const j = Number(p[1]);
			const rest = ['byDose', '3'];
			if (p.length > 4 || p.slice(2).some((k, i) => String(k) !== rest[i])) continue;
			c.daily[j] = value === undefined ? 0 : (num(at(value, ...rest.slice(p.length - 2))) ?? 0);
			siteChanged = true;
		}
	}
	if (siteChanged) setCounter(c, 's', c.daily.reduce((s, x) => s + x, 0), t);
}

/** The counters of a whole screen, as a browser holding it would read them (for the check). */
function countersOfScreen(kind: RoomKind, data: Json): Map<string, number> {
	const out = new Map<string, number>();
	if (kind === 'national') for (const p of (at(data, 'provinces') as unknown[]) ?? []) out.set(String(at(p, 'code')), num(at(p, 'total', 'boosted')) ?? 0);
	else if (kind === 'province') out.set('p', num(at(data, 'progress', 'total', 'boosted')) ?? 0);
	else if (kind === 'site') out.set('s', ((at(data, 'daily') as unknown[]) ?? []).reduce((s: number, d) => s + (num(at(d, 'byDose', '3')) ?? 0), 0));
	return out;
}

async function join(c: Client): Promise<boolean> {
	c.joining = true;
	try {
		const result = (await c.socket.timeout(60_000).emitWithAck('room:join', c.spec.room)) as JoinResult;
		if (!result.ok || !result.snapshot) {
			joinFailures++;
			note(`join ${c.spec.room}: ${result.ok ? 'no snapshot' : result.error}`);
			return false;
		}
		c.version = result.snapshot.version;
		const data = result.snapshot.data as Json;
		readScreen(c, data, Date.now());
		if (c.full !== undefined) c.full = structuredClone(data);
		return true;
	} catch (error) {
		joinFailures++;
		note(`join ${c.spec.room}: ${(error as Error).message}`);
		return false;
	} finally {
		c.joining = false;
		for (const delta of c.held.splice(0)) applyDelta(c, delta, Date.now());
	}
}

function applyDelta(c: Client, delta: RoomDelta, t: number): void {
	if (delta.version <= c.version) return;
	if (delta.base !== c.version) {
		// A missed delta: a whole snapshot again, as the browser does.
		rejoins++;
		void join(c);
		return;
	}
	c.version = delta.version;
	readOps(c, patchChanges(delta.patch), t);
	if (c.full !== undefined && c.full !== null) c.full = applyPatch(c.full, delta.patch);
}

const clients: Client[] = [];
const fullRooms = new Set<string>();

function open(s: ClientSpec): Promise<{ ok: boolean; connectMs: number; joinMs: number; bytes: number; kind: RoomKind }> {
	const t0 = performance.now();
	const kind = kindOf(s.room);
	const socket = io(spec.url, { transports: ['websocket'], extraHeaders: { cookie: s.cookie }, forceNew: true, reconnectionDelay: 1_000, reconnectionDelayMax: 5_000, timeout: 60_000 });
	const c: Client = { spec: s, kind, socket, version: 0, joining: true, held: [], lastBytes: 0, counters: new Map(), codes: [], daily: [], full: undefined, deltas: 0 };
	if (spec.check && !fullRooms.has(s.room) && kind !== 'ops') {
		fullRooms.add(s.room);
		c.full = null;
	}
	clients.push(c);
	stats[kind].clients++;
	// The packet as received, before socket.io decodes it (the "packet" event comes first).
	socket.io.on('open', () => {
		socket.io.engine.on('packet', (packet: { type: string; data?: unknown }) => {
			if (packet.type === 'message' && typeof packet.data === 'string') c.lastBytes = Buffer.byteLength(packet.data) + 1;
		});
	});
	socket.on('room:delta', (delta: RoomDelta) => {
		const t = Date.now();
		if (delta.room !== s.room) return;
		if (t >= windowFrom && t <= windowTo) {
			const k = stats[kind];
			k.deltas++;
			c.deltas++;
			if (isEmptyPatch(delta.patch)) k.empty++;
			k.deltaBytes.push(c.lastBytes);
			k.sendToReceiveMs.push(t - delta.at);
		}
		if (c.joining) c.held.push(delta);
		else applyDelta(c, delta, t);
	});
	socket.on('ingest:progress', () => {
		const t = Date.now();
		if (t >= windowFrom && t <= windowTo) {
			stats[kind].progress++;
			stats[kind].progressBytes.push(c.lastBytes);
		}
	});
	let everConnected = false;
	socket.on('disconnect', (reason) => {
		if (stopping) return;
		disconnects++;
		note(`disconnect ${s.room}: ${reason}`);
	});
	return new Promise((resolve) => {
		socket.once('connect_error', (error) => {
			if (everConnected) return;
			note(`connect ${s.room}: ${error.message}`);
			socket.disconnect();
			resolve({ ok: false, connectMs: performance.now() - t0, joinMs: 0, bytes: 0, kind });
		});
		socket.on('connect', async () => {
			if (everConnected) {
				// Reconnected: rejoin, and get a whole snapshot.
				reconnects++;
				await join(c);
				return;
			}
			everConnected = true;
			const connectMs = performance.now() - t0;
			const ok = await join(c);
			resolve({ ok, connectMs, joinMs: performance.now() - t0, bytes: c.lastBytes, kind });
		});
	});
}

const delay = monitorEventLoopDelay({ resolution: 10 });
let eluFrom = performance.eventLoopUtilization();

parentPort!.on('message', async (m: { type: 'connect' } | { type: 'window'; from: number; to: number } | { type: 'stop' }) => {
	if (m.type === 'connect') {
		const t = performance.now();
		const report: ConnectReport = { connected: 0, failed: 0, errors: [], connectMs: [], joinMs: [], snapshotBytes: { national: [], province: [], site: [], ops: [] }, ms: 0 };
		let next = 0;
		const lane = async () => {
			while (next < spec.clients.length) {
				const r = await open(spec.clients[next++]);
				if (r.ok) {
					report.connected++;
					report.connectMs.push(r.connectMs);
					report.joinMs.push(r.joinMs);
					report.snapshotBytes[r.kind].push(r.bytes);
				} else report.failed++;
			}
		};
		await Promise.all(Array.from({ length: spec.connectConcurrency }, lane));
		report.ms = performance.now() - t;
		report.errors = errors.splice(0);
		parentPort!.postMessage({ connected: report });
	} else if (m.type === 'window') {
		windowFrom = m.from;
		windowTo = m.to;
		delay.reset();
		delay.enable();
		eluFrom = performance.eventLoopUtilization();
	} else if (m.type === 'stop') {
		stopping = true;
		const elu = performance.eventLoopUtilization(eluFrom).utilization;
		delay.disable();
		const mismatches: string[] = [];
		let checked = 0;
		for (const c of clients) {
			stats[c.kind].perClient.push(c.deltas);
			if (c.full === undefined || c.full === null) continue;
			checked++;
			for (const [key, value] of countersOfScreen(c.kind, c.full)) {
				if ((c.counters.get(key) ?? 0) !== value) mismatches.push(`${c.spec.room} ${key}: read ${c.counters.get(key)} from deltas, screen shows ${value}`);
			}
		}
		for (const c of clients) c.socket.disconnect();
		const result: WorkerResult = {
			kinds: stats,
			seen,
			disconnects,
			reconnects,
			rejoins,
			joinFailures,
			errors,
			checked,
			mismatches,
			elu,
			loopDelayP99: delay.percentile(99) / 1e6,
			loopDelayMax: delay.max / 1e6
		};
		parentPort!.postMessage({ result });
	}
});

// The server of `npm run bench:live`: what src/main.ts runs (the built SvelteKit handler, which boots the app with its
// ingest worker and embedded engine, and socket.io attached with the production settings: one pass a second), with
// the build directory taken from MCC_BUILD_DIR (default build/) and some measurements the parent asks for over IPC:
// CPU and memory of this process, its event-loop delay and utilisation, how long each room's snapshot took to compute,
// and how many sockets are open. The snapshot source is wrapped to time it; nothing else differs from src/main.ts.
//   node bench/live-server.ts          (configured by the environment, PORT and HOST included; needs an IPC channel)
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { loadConfigOrExit } from '../src/lib/server/config.ts';
import type { SnapshotSource } from '../src/lib/server/live/socket.ts';

export interface ServerStats {
	at: number;
	cpu: NodeJS.CpuUsage;
	rss: number;
	heapUsed: number;
	/** Since the last reset: event-loop utilisation (0–1) and delay percentiles (ms). */
	elu: number;
	loopDelay: { p50: number; p99: number; max: number };
	/** Since the last reset, per room kind: snapshot computations (ms). */
	snapshots: Record<string, number[]>;
	/** Since the last reset: when the national snapshot was computed (a pass recomputes it once when anything changed). */
	nationalAt: number[];
	sockets: number;
	rooms: number;
	/** Since the last reset, ClickHouse calls of this process by what they read (first table after FROM, or INSERT INTO
	 * table): count, total ms from call to answer (queueing included), and the most in flight at once. */
	queries: Record<string, { n: number; ms: number; max: number }>;
	maxInFlight: number;
	/** Since the last reset: [marker number, epoch ms] when the worker's insert of a marker's row (visit_id
	 * BENCH-MARK-<n>) into raw_visit finished, i.e. when it was committed (the "changed" message follows at once). */
	markerCommits: [number, number][];
}

const ROOT = resolve(import.meta.dirname, '..');
const config = loadConfigOrExit();
const handlerPath = join(ROOT, process.env.MCC_BUILD_DIR ?? 'build', 'handler.js');
if (!existsSync(handlerPath)) {
	console.error(`${handlerPath} is missing: build first (npm run bench:live does it for you).`);
	process.exit(1);
}
process.env.BODY_SIZE_LIMIT ||= 'Infinity';
const { handler } = await import(pathToFileURL(handlerPath).href);
const { getApp } = await import('../src/lib/server/app.ts');
const app = await getApp();
const { attachLive } = await import('../src/lib/server/live/socket.ts');
const { roomSnapshots, siteProvinceOf } = await import('../src/lib/server/live/rooms.ts');
const { liveNow } = await import('../src/lib/server/clock.ts');

// Every ClickHouse call of the process (the app's client is one object, shared with the SvelteKit bundle).
let queries = new Map<string, { n: number; ms: number; max: number }>();
let inFlight = 0;
let maxInFlight = 0;
let markerCommits: [number, number][] = [];
type Params = { query?: string; table?: string; values?: unknown };
const ch = app.clickhouse as unknown as Record<'query' | 'insert' | 'command' | 'exec', (params: Params) => Promise<unknown>>;
for (const method of ['query', 'insert', 'command', 'exec'] as const) {
	const original = ch[method].bind(ch);
	ch[method] = async (params) => {
		// The worker's inserts into raw_visit (exec with a stream of NDJSON): read the body to find marker rows, hand the
		// engine the same body, and note when the insert's answer stream ends (the worker's commit).
		if (method === 'exec' && /^\s*INSERT INTO raw_visit\b/i.test(params.query ?? '') && params.values instanceof Readable) {
			const chunks: string[] = [];
			for await (const chunk of params.values) chunks.push(String(chunk));
			const body = chunks.join('');
			const ids = [...body.matchAll(/BENCH-MARK-(\d+)/g)].map((m) => Number(m[1]));
			const result = (await timedCall(original, 'insert raw_visit', { ...params, values: Readable.from([body]) })) as { stream: Readable };
			if (ids.length > 0) result.stream.once('end', () => ids.forEach((id) => markerCommits.push([id, Date.now()])));
			return result;
		}
		const text = params.query ?? '';
		const label =
			method === 'insert' ? `insert ${params.table}` : (/^\s*INSERT INTO\s+([\w.]+)/i.exec(text)?.[1]?.replace(/^/, 'insert ') ?? /\bFROM\s+([\w.]+)/i.exec(text)?.[1] ?? text.trim().slice(0, 30));
		return timedCall(original, label, params);
	};
}

async function timedCall(original: (params: Params) => Promise<unknown>, label: string, params: Params): Promise<unknown> {
	const t = performance.now();
	inFlight++;
	maxInFlight = Math.max(maxInFlight, inFlight);
	try {
		return await original(params);
	} finally {
		inFlight--;
		const q = queries.get(label) ?? queries.set(label, { n: 0, ms: 0, max: 0 }).get(label)!;
		q.n++;
		q.ms += performance.now() - t;
		q.max = Math.max(q.max, inFlight + 1);
	}
}

let snapshots = new Map<string, number[]>();
let nationalAt: number[] = [];
const source = roomSnapshots(app);
// Timed per call: a join computes one room ("province"), a pass the affected rooms of each kind together ("province
// (batch)"; the national room is always one).
const timed: SnapshotSource = async (rooms, asOf) => {
	const t = performance.now();
	try {
		return await source(rooms, asOf);
	} finally {
		const kinds = new Set(rooms.map((room) => (room.includes(':') ? room.slice(0, room.indexOf(':')) : room)));
		const kind = kinds.size > 1 ? 'mixed' : rooms.length > 1 ? `${[...kinds][0]} (batch)` : [...kinds][0];
		const list = snapshots.get(kind) ?? snapshots.set(kind, []).get(kind)!;
		list.push(performance.now() - t);
		if (rooms.includes('national')) nationalAt.push(Date.now());
	}
};

const server = createServer(handler);
server.keepAliveTimeout = 65_000;
const live = attachLive(server, { redisTarget: app.redisTarget, log: app.log, snapshot: timed, siteProvince: siteProvinceOf(app), clock: () => liveNow(app) });
await new Promise<void>((r) => server.listen(config.port, config.host, r));
app.log.info({ port: config.port }, 'bench:live server listening');

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let eluFrom: EventLoopUtilization = performance.eventLoopUtilization();

process.on('message', (message: unknown) => {
	if (message === 'reset') {
		snapshots = new Map();
		nationalAt = [];
		queries = new Map();
		maxInFlight = inFlight;
		markerCommits = [];
		delay.reset();
		eluFrom = performance.eventLoopUtilization();
		return;
	}
	if (message !== 'stats') return;
	const memory = process.memoryUsage();
	const stats: ServerStats = {
		at: Date.now(),
		cpu: process.cpuUsage(),
		rss: memory.rss,
		heapUsed: memory.heapUsed,
		elu: performance.eventLoopUtilization(eluFrom).utilization,
		loopDelay: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
		snapshots: Object.fromEntries(snapshots),
		nationalAt,
		sockets: live.io.engine.clientsCount,
		rooms: live.io.of('/').adapter.rooms.size - live.io.of('/').sockets.size,
		queries: Object.fromEntries(queries),
		maxInFlight,
		markerCommits
	};
	process.send!({ stats });
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, async () => {
		if (stopping) return;
		stopping = true;
		server.close();
		server.closeIdleConnections();
		await live.close();
		await app.stop();
		process.exit(0);
	});
}

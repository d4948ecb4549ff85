// npm run bench:live — the live hub under load: N socket.io clients spread over the rooms while events flow into the
// ingest API; event → screen latency, updates and bytes per client, server and Redis CPU and memory.
//
// The whole system, on the embedded default, as a deployment runs it: a redis-server of its own (free port, AOF fsync
// always), a temporary DATA_DIR, and the built server (bench/live-server.ts: what src/main.ts runs, web + ingest worker
// + embedded engine + socket.io at one pass a second, in a process of its own so its CPU and memory are its own).
// Before the server starts (one process per data directory) bench/live-setup.ts creates, with the functions of
// `npm run admin` and `npm run keys`, users, wall-screen tokens and the sites' ingest keys; then every screen
// authenticates the supported way: users through POST /login, wall screens by exchanging their token (GET /?token=).
//
// Clients (worker threads, bench/live-clients.ts), by default: 6 % national walls (a wall token each), 80 % province
// screens over the 63 provinces by population (half kiosks on a province wall token, half desks of a province
// viewer), 10 % site screens (2 per site, sites in every province), 2 % the national ops queue and 2 % ops:NN of the
// ten biggest provinces (operators). Sessions are shared by a province's desks and by its kiosks (a few hundred in
// all).
// Load (a worker thread, bench/live-load.ts): sample events dated within the last minute, BENCH_BATCH per POST, each
// POST one site's (its facility key), sites in every province by population.
// Latency: marker events — one dose 3 of AZ (a booster: the background load has none, so the booster counters move only
// for markers) at a watched site, BENCH_MARKER_RATE a second, provinces in turn — posted at t0; a client's latency is
// the time until the first delta after which its screen shows the marker (site:ID: that site's booster doses;
// province:NN: the province's boosted total; national: that province's row). Ops rooms get alerts only: no markers.
// The server notes when the worker's insert of each marker's row finished, so the latency splits into API (POST → 202),
// queue + worker (→ committed) and hub (committed → on the screen).
//
//   BENCH_CLIENTS (5000)  BENCH_RATE events/s (10000)  BENCH_SECONDS (60)  BENCH_GRACE s of load after the last
//   marker (30)  BENCH_BATCH events per POST (200)  BENCH_LOAD_CONCURRENCY POSTs in flight (256)
//   BENCH_LOAD_SITES sites posting the load, by population, at least one a province (630)  BENCH_MARKER_RATE markers/s
//   (5)  BENCH_CLIENT_THREADS (4)  BENCH_CONNECT_CONCURRENCY per thread (25)  BENCH_KEEP=1 keeps the data directory.
//   MCC_BUILD_DIR: the build to serve (default build/), as for the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Redis } from 'ioredis';
import { startTestRedis, freePort, type TestRedis } from '../src/lib/server/testing/redis.ts';
import { tempDataDir } from '../src/lib/server/testing/server.ts';
import { loginWith, sessionCookieOf } from '../src/lib/server/testing/auth.ts';
import { PROVINCES } from '../src/lib/reference/provinces.ts';
import { CHANGED_CHANNEL, type ChangedMessage } from '../src/lib/server/ingest/job.ts';
import type { SetupResult, SetupSpec } from './live-setup.ts';
import type { ServerStats } from './live-server.ts';
import type { LoadResult, LoadSpec } from './live-load.ts';
import type { ClientSpec, ConnectReport, KindStats, RoomKind, WorkerResult, WorkerSpec } from './live-clients.ts';

// --- cleanup and failure ---
let redis: TestRedis | null = null;
let server: ChildProcess | null = null;
let stoppingServer = false;
let serverOutput = '';
let dataDir: string | null = null;
const workers: Worker[] = [];

async function cleanup(): Promise<void> {
	for (const w of workers) await w.terminate().catch(() => {});
	workers.length = 0;
	if (server && server.exitCode === null && server.signalCode === null) {
		stoppingServer = true;
		const child = server;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		await exited;
		clearTimeout(timer);
	}
	await redis?.stop().catch(() => {});
	redis = null;
	if (dataDir && process.env.BENCH_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
}

let failing = false;
/** Prints why, stops everything started, exits 1. */
async function fail(message: string): Promise<never> {
	if (!failing) {
		failing = true;
		console.error(`bench:live failed: ${message}`);
		if (serverOutput) console.error(`--- server output (last 3000 characters) ---\n${serverOutput.slice(-3000)}`);
		await cleanup().catch(() => {});
		process.exit(1);
	}
	return new Promise<never>(() => {});
}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		return fail(`${what}: ${(error as Error).message}`);
	}
}

const env = (name: string, fallback: number): number => {
	const value = Number(process.env[name] ?? fallback);
	if (!Number.isFinite(value) || value < 0) {
		console.error(`bench:live: ${name} must be a non-negative number (got ${process.env[name]})`);
		process.exit(2);
	}
	return value;
};
const CLIENTS = Math.max(1, Math.round(env('BENCH_CLIENTS', 5_000)));
const RATE = env('BENCH_RATE', 10_000);
const SECONDS = env('BENCH_SECONDS', 60);
const GRACE = env('BENCH_GRACE', 30);
const BATCH = Math.max(1, Math.round(env('BENCH_BATCH', 200)));
const LOAD_CONCURRENCY = Math.max(1, Math.round(env('BENCH_LOAD_CONCURRENCY', 256)));
const LOAD_SITES = Math.max(63, Math.round(env('BENCH_LOAD_SITES', 630)));
const MARKER_RATE = env('BENCH_MARKER_RATE', 5);
const THREADS = Math.max(1, Math.round(env('BENCH_CLIENT_THREADS', 4)));
const CONNECT_CONCURRENCY = Math.max(1, Math.round(env('BENCH_CONNECT_CONCURRENCY', 25)));
const ROOT = resolve(import.meta.dirname, '..');
const KINDS: RoomKind[] = ['national', 'province', 'site', 'ops'];

const log = (line: string) => console.error(`[bench:live ${new Date().toISOString().slice(11, 19)}] ${line}`);

// --- figures ---
const sorted = (xs: number[]) => Float64Array.from(xs).sort();
const pct = (s: Float64Array, p: number) => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]);
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');
const secs = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : ms === Number.POSITIVE_INFINITY ? 'not seen' : '–');
const kb = (bytes: number) => (Number.isFinite(bytes) ? (bytes >= 10_000 ? `${fmt(bytes / 1024, 1)} KiB` : `${fmt(bytes)} B`) : '–');
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;
const table = (head: string[], rows: string[][]) => {
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};

/** Splits `total` over weights (largest remainders), at least `min` each when there is enough. */
function apportion(total: number, weights: number[], min = 0): number[] {
	const floor = total >= min * weights.length ? min : 0;
	const rest = total - floor * weights.length;
	const sum = weights.reduce((s, w) => s + w, 0);
	const exact = weights.map((w) => (rest * w) / sum);
	const out = exact.map((x) => floor + Math.floor(x));
	let left = total - out.reduce((s, x) => s + x, 0);
	const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
	for (let j = 0; left > 0; j = (j + 1) % order.length, left--) out[order[j][1]]++;
	return out;
}

/** /proc/PID: RSS (bytes) and CPU time (ms, user + system). */
function proc(pid: number): { rss: number; cpuMs: number } | null {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// Fields 14 and 15 (utime, stime) in clock ticks: 100 a second on Linux x64.
		return { rss, cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 };
	} catch {
		return null;
	}
}

// --- the plan: rooms, clients, who they are ---
const weights = PROVINCES.map((p) => p.population2019);
const codes = PROVINCES.map((p) => p.code);
const nNational = Math.round(CLIENTS * 0.06);
const nOpsNational = Math.round(CLIENTS * 0.02);
const nOpsProvince = Math.round(CLIENTS * 0.02);
const nSite = Math.round(CLIENTS * 0.1);
const nProvince = CLIENTS - nNational - nOpsNational - nOpsProvince - nSite;
const opsProvinces = [...PROVINCES].sort((a, b) => b.population2019 - a.population2019).slice(0, 10).map((p) => p.code);
const provinceClients = apportion(nProvince, weights, 1);
const watchedSites = apportion(Math.ceil(nSite / 2), weights, 1);
const loadSites = apportion(LOAD_SITES, weights, 1);

const setupSpec: SetupSpec = {
	loadSitesPerProvince: Object.fromEntries(codes.map((c, i) => [c, Math.max(loadSites[i], watchedSites[i])])),
	users: [
		...codes.map((c) => ({ name: `pv-${c}`, role: 'province-viewer' as const, province: c })),
		...opsProvinces.map((c) => ({ name: `op-${c}`, role: 'operator' as const, province: c })),
		{ name: 'op-national', role: 'operator' as const, province: null }
	],
	wallTokens: [
		...Array.from({ length: Math.max(1, nNational) }, (_, i) => ({ name: `wall-national-${i}`, view: 'national' })),
		...codes.map((c) => ({ name: `wall-${c}`, view: `province:${c}` }))
	]
};

const started = performance.now();
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadAvgStart = loadAvg();
redis = await step('starting redis-server', () => startTestRedis());
dataDir = tempDataDir();
log(`data in ${dataDir}, redis on ${redis.url}`);

// --- setup, while no server has the data directory open ---
const setupOut = join(dataDir, 'bench-live-setup.json');
const setup = await step('setup (users, wall tokens, ingest keys)', async () => {
	const child = spawn(process.execPath, [join(ROOT, 'bench/live-setup.ts'), dataDir!, setupOut, JSON.stringify(setupSpec)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const code = await new Promise<number | null>((r) => child.once('exit', r));
	if (code !== 0) throw new Error(`bench/live-setup.ts exited with ${code}:\n${output.slice(-3000)}`);
	return JSON.parse(readFileSync(setupOut, 'utf8')) as SetupResult;
});
log(`setup: ${setup.keys.length} site keys (${loadSites.reduce((a, b) => a + b, 0)} post the load), ${setup.users.length} users, ${setup.wallTokens.length} wall tokens in ${secs(setup.ms)}`);

// --- the server ---
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
server = spawn(process.execPath, [join(ROOT, 'bench/live-server.ts')], {
	env: {
		...process.env,
		NODE_ENV: 'production',
		DATA_DIR: dataDir,
		REDIS_URL: redis.url,
		CITIZEN_ID_SECRET: randomBytes(32).toString('hex'),
		LOG_LEVEL: 'warn',
		PORT: String(port),
		HOST: '127.0.0.1'
	},
	stdio: ['ignore', 'pipe', 'pipe', 'ipc']
});
server.stdout!.on('data', (d) => (serverOutput = (serverOutput + d).slice(-100_000)));
server.stderr!.on('data', (d) => (serverOutput = (serverOutput + d).slice(-100_000)));
await step('starting the server', async () => {
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (server!.exitCode !== null) throw new Error(`the server exited with ${server!.exitCode}`);
		try {
			if ((await fetch(`${url}/readyz`)).status === 200) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error('not ready (/readyz) within 120 s');
		await new Promise((r) => setTimeout(r, 200));
	}
});
const serverPid = server.pid!;
server.on('exit', (code, signal) => {
	if (!stoppingServer) void fail(`the server exited during the run (code ${code}, signal ${signal})`);
});
const serverStats = () =>
	new Promise<ServerStats>((resolveStats, reject) => {
		const timer = setTimeout(() => reject(new Error('the server did not answer a stats request within 30 s')), 30_000);
		const on = (m: { stats?: ServerStats }) => {
			if (!m.stats) return;
			clearTimeout(timer);
			server!.off('message', on);
			resolveStats(m.stats);
		};
		server!.on('message', on);
		server!.send('stats');
	});
log(`server ready on ${url} (pid ${serverPid}) after ${secs(performance.now() - started)}`);

// --- sessions: logins and wall-token exchanges through HTTP, as browsers and kiosks do ---
const cookies = new Map<string, string>();
await step('logging in', async () => {
	const t = performance.now();
	const users = [...setup.users];
	await Promise.all(
		Array.from({ length: 2 }, async () => {
			for (let u = users.shift(); u; u = users.shift()) cookies.set(u.name, await loginWith(url, u.username, u.password));
		})
	);
	const tokens = [...setup.wallTokens];
	await Promise.all(
		Array.from({ length: 8 }, async () => {
			for (let w = tokens.shift(); w; w = tokens.shift()) {
				const response = await fetch(`${url}/?token=${encodeURIComponent(w.token)}`, { redirect: 'manual' });
				const cookie = sessionCookieOf(response);
				await response.body?.cancel();
				if (response.status !== 303 || !cookie) throw new Error(`wall token ${w.name}: ${response.status}`);
				cookies.set(w.name, cookie);
			}
		})
	);
	log(`${setup.users.length} logins and ${setup.wallTokens.length} wall-token exchanges in ${secs(performance.now() - t)}`);
});

// --- the clients ---
const specs: Omit<ClientSpec, 'id'>[] = [];
for (let i = 0; i < nNational; i++) specs.push({ room: 'national', cookie: cookies.get(`wall-national-${i}`)! });
codes.forEach((c, i) => {
	for (let j = 0; j < provinceClients[i]; j++) specs.push({ room: `province:${c}`, cookie: cookies.get(j % 2 === 0 ? `wall-${c}` : `pv-${c}`)! });
});
const watched = new Map<string, string[]>();
codes.forEach((c, i) => {
	const sites = (setup.sites[c] ?? []).slice(0, watchedSites[i]);
	watched.set(c, sites);
});
const siteList = codes.flatMap((c) => watched.get(c)!.map((id) => ({ id, province: c })));
for (let i = 0; i < nSite; i++) {
	const s = siteList[i % siteList.length];
	specs.push({ room: `site:${s.id}`, cookie: cookies.get(`pv-${s.province}`)! });
}
for (let i = 0; i < nOpsNational; i++) specs.push({ room: 'ops', cookie: cookies.get('op-national')! });
for (let i = 0; i < nOpsProvince; i++) {
	const c = opsProvinces[i % opsProvinces.length];
	specs.push({ room: `ops:${c}`, cookie: cookies.get(`op-${c}`)! });
}
const clients: ClientSpec[] = specs.map((s, id) => ({ id, ...s }));
const rooms = new Set(clients.map((c) => c.room));
const byThread: ClientSpec[][] = Array.from({ length: THREADS }, () => []);
clients.forEach((c, i) => byThread[i % THREADS].push(c));

const connectStarted = performance.now();
const reports = await step('connecting the clients', async () => {
	const answers: Promise<ConnectReport>[] = [];
	for (const [i, list] of byThread.entries()) {
		const w = new Worker(new URL('./live-clients.ts', import.meta.url), { workerData: { url, clients: list, connectConcurrency: CONNECT_CONCURRENCY, check: i === 0 } satisfies WorkerSpec });
		workers.push(w);
		w.on('error', (error) => void fail(`a client thread failed: ${error.message}`));
		answers.push(new Promise((r) => w.once('message', (m: { connected: ConnectReport }) => r(m.connected))));
		w.postMessage({ type: 'connect' });
	}
	return Promise.all(answers);
});
const connectMs = performance.now() - connectStarted;
const connected = reports.reduce((s, r) => s + r.connected, 0);
const connectFailed = reports.reduce((s, r) => s + r.failed, 0);
log(`${fmt(connected)} of ${fmt(clients.length)} clients joined ${rooms.size} rooms in ${secs(connectMs)} (${connectFailed} failed)`);
if (connected === 0) await fail(`no client could connect and join: ${reports.flatMap((r) => r.errors).slice(0, 5).join('; ')}`);
const afterConnect = await serverStats();

// --- the run: load, markers, samples ---
const redisClient = new Redis(redis.url);
const redisInfo = async () => {
	const text = await redisClient.info();
	const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(text)?.[1] ?? NaN);
	return { cpuS: field('used_cpu_sys') + field('used_cpu_user'), rss: field('used_memory_rss'), pid: field('process_id') };
};
const keyOfSite = new Map(setup.keys.map((k) => [k.facilityId, k.key]));
// The load's sites: the first loadSites[i] of each province (the watched sites are the first ones too, so they are busy).
const loadKeys = setup.keys.filter((k) => setup.sites[k.province].indexOf(k.facilityId) < loadSites[codes.indexOf(k.province)]);
const load = new Worker(new URL('./live-load.ts', import.meta.url), {
	workerData: { url, keys: interleave(loadKeys).map((k) => k.key), rate: RATE, batchSize: BATCH, concurrency: LOAD_CONCURRENCY } satisfies LoadSpec
});
workers.push(load);
load.on('error', (error) => void fail(`the load thread failed: ${error.message}`));

/** Keys in an order that takes the provinces in turn (a province with more sites comes up more often). */
function interleave<T extends { province: string }>(keys: T[]): T[] {
	const groups = [...Map.groupBy(keys, (k) => k.province).values()];
	const total = keys.length;
	const out: T[] = [];
	const taken = groups.map(() => 0);
	for (let i = 0; out.length < total; i++) {
		// Stride: each group's next item is due at (taken + 0.5) / size of the way through.
		let best = -1;
		let due = Infinity;
		groups.forEach((g, j) => {
			if (taken[j] >= g.length) return;
			const d = (taken[j] + 0.5) / g.length;
			if (d < due) [due, best] = [d, j];
		});
		out.push(groups[best][taken[best]++]);
	}
	return out;
}

interface Marker {
	/** Its visit_id is BENCH-MARK-<n>. */
	n: number;
	province: string;
	site: string;
	t0: number;
	ackMs: number;
	ok: boolean;
}
const markers: Marker[] = [];
const pendingMarkers = new Set<Promise<void>>();
async function postMarker(province: string, site: string): Promise<void> {
	const t0 = Date.now();
	const m: Marker = { n: markers.length + 1, province, site, t0, ackMs: NaN, ok: false };
	markers.push(m);
	const key = keyOfSite.get(site)!;
	const event = {
		event_id: randomUUID(),
		type: 'visit.injected',
		occurred_at: new Date(t0).toISOString(),
		visit_id: `BENCH-MARK-${m.n}`,
		citizen_id: String(Math.floor(Math.random() * 1e12)).padStart(12, '0'),
		vaccine: 'AZ',
		lot_number: 'AZ-BENCH',
		dose_number: 3,
		table_no: 1
	};
	const body = JSON.stringify([event]);
	for (let attempt = 0; attempt < 20; attempt++) {
		try {
			const response = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
			const answer = (await response.json().catch(() => null)) as { accepted?: number } | null;
			if (response.status === 202) {
				m.ackMs = Date.now() - t0;
				m.ok = answer?.accepted === 1;
				return;
			}
			if (response.status !== 429 && response.status !== 503) return;
		} catch {
			// retried
		}
		await new Promise((r) => setTimeout(r, 200));
	}
}

const samples: { t: number; serverRss: number; redisRss: number }[] = [];
const loadAvgRun = loadAvg();
// What the worker commits: its "changed" messages, as the hub gets them.
const changedSub = new Redis(redis.url);
let committedEvents = 0;
let committedJobs = 0;
changedSub.on('message', (_channel: string, text: string) => {
	const m = JSON.parse(text) as ChangedMessage;
	committedEvents += m.events;
	committedJobs++;
});
await changedSub.subscribe(CHANGED_CHANNEL);
const redisBefore = await redisInfo();
const redisPid = redisBefore.pid;
server.send('reset');
const cpuBefore = proc(serverPid)!;
const statsBefore = await serverStats();
const benchCpuBefore = process.cpuUsage();
const runStart = Date.now();
const markerEnd = runStart + SECONDS * 1000;
const runEnd = markerEnd + GRACE * 1000;
for (const w of workers) if (w !== load) w.postMessage({ type: 'window', from: runStart, to: runEnd });
load.postMessage('go');
log(`load: ${fmt(RATE)} events/s for ${SECONDS} s + ${GRACE} s, markers ${MARKER_RATE}/s for ${SECONDS} s`);
const sampler = setInterval(() => {
	const s = proc(serverPid);
	const r = Number.isFinite(redisPid) ? proc(redisPid) : null;
	samples.push({ t: Date.now(), serverRss: s?.rss ?? NaN, redisRss: r?.rss ?? NaN });
}, 1_000);
const progress = setInterval(() => {
	const done = Math.round((Date.now() - runStart) / 1000);
	log(`… ${done} s, ${markers.length} markers posted, server RSS ${mb(samples.at(-1)?.serverRss ?? NaN)}`);
}, 15_000);

// Markers: provinces in turn (so a province's markers are ~63 / rate s apart and land in order); in each, its watched
// sites in turn.
const turn = new Map<string, number>();
for (let i = 0; MARKER_RATE > 0; i++) {
	const due = runStart + (i * 1000) / MARKER_RATE;
	if (due >= markerEnd) break;
	const wait = due - Date.now();
	if (wait > 0) await new Promise((r) => setTimeout(r, wait));
	const province = codes[i % codes.length];
	const candidates = watched.get(province)!.length > 0 ? watched.get(province)! : setup.keys.filter((k) => k.province === province).map((k) => k.facilityId);
	const n = turn.get(province) ?? 0;
	turn.set(province, n + 1);
	const p = postMarker(province, candidates[n % candidates.length]).finally(() => pendingMarkers.delete(p));
	pendingMarkers.add(p);
}
await Promise.all(pendingMarkers);
const rest = runEnd - Date.now();
if (rest > 0) await new Promise((r) => setTimeout(r, rest));
const loadDone = new Promise<LoadResult>((r) => load.once('message', (m: { result: LoadResult }) => r(m.result)));
load.postMessage('stop');
const statsAfter = await serverStats();
const cpuAfter = proc(serverPid)!;
const redisAfter = await redisInfo();
const benchCpu = process.cpuUsage(benchCpuBefore);
const committedInRun = committedEvents;
const committedJobsInRun = committedJobs;
changedSub.disconnect();
const loadAvgEnd = loadAvg();
const runMs = Date.now() - runStart;
clearInterval(sampler);
clearInterval(progress);
const loadResult = await loadDone;
const results = await Promise.all(
	workers
		.filter((w) => w !== load)
		.map((w) => {
			const answer = new Promise<WorkerResult>((r) => w.once('message', (m: { result: WorkerResult }) => r(m.result)));
			w.postMessage({ type: 'stop' });
			return answer;
		})
);
redisClient.disconnect();
log('run over; stopping the server');
await cleanup();

// --- latency: marker → first delta showing it, per client ---
/** Per client, per counter key: the values it reached, in order, with when. */
const reached = new Map<number, Map<string, [number, number][]>>();
for (const r of results) {
	for (const [id, key, value, t] of r.seen) {
		const perKey = reached.get(id) ?? reached.set(id, new Map()).get(id)!;
		(perKey.get(key) ?? perKey.set(key, []).get(key)!).push([value, t]);
	}
}
const clientsIn = Map.groupBy(clients, (c) => c.room);
const latency: Record<RoomKind, number[]> = { national: [], province: [], site: [], ops: [] };
const missed: Record<RoomKind, number> = { national: 0, province: 0, site: 0, ops: 0 };
const countInProvince = new Map<string, number>();
const countAtSite = new Map<string, number>();
const firstSeenBy = (id: number, key: string, k: number): number | null => {
	for (const [value, t] of reached.get(id)?.get(key) ?? []) if (value >= k) return t;
	return null;
};
const okMarkers = markers.filter((m) => m.ok);
/** When each marker's row was committed by the worker (bench/live-server.ts watches its inserts). */
const committedAt = new Map<number, number>();
for (const [n, t] of statsAfter.markerCommits) committedAt.set(n, Math.min(t, committedAt.get(n) ?? Infinity));
const toCommit = sorted(okMarkers.filter((m) => committedAt.has(m.n)).map((m) => committedAt.get(m.n)! - m.t0));
/** Committed → shown on the client: the hub's part of the latency. */
const hubLatency: Record<RoomKind, number[]> = { national: [], province: [], site: [], ops: [] };
for (const m of okMarkers) {
	const commit = committedAt.get(m.n);
	const kP = (countInProvince.get(m.province) ?? 0) + 1;
	countInProvince.set(m.province, kP);
	const kS = (countAtSite.get(m.site) ?? 0) + 1;
	countAtSite.set(m.site, kS);
	const audiences: [RoomKind, string, string, number][] = [
		['national', 'national', m.province, kP],
		['province', `province:${m.province}`, 'p', kP],
		['site', `site:${m.site}`, 's', kS]
	];
	for (const [kind, room, key, k] of audiences) {
		for (const c of clientsIn.get(room) ?? []) {
			const t = firstSeenBy(c.id, key, k);
			if (t === null) {
				missed[kind]++;
				latency[kind].push(Number.POSITIVE_INFINITY);
				if (commit !== undefined) hubLatency[kind].push(Number.POSITIVE_INFINITY);
			} else {
				latency[kind].push(t - m.t0);
				if (commit !== undefined) hubLatency[kind].push(t - commit);
			}
		}
	}
}

// --- the report ---
const sum = <K extends keyof KindStats>(kind: RoomKind, field: K) => results.reduce((s, r) => s + (r.kinds[kind][field] as number), 0);
const concat = <K extends keyof KindStats>(kind: RoomKind, field: K) => results.flatMap((r) => r.kinds[kind][field] as number[]);
const windowS = runMs / 1000;
const clientsOf = (kind: RoomKind) => clients.filter((c) => c.room === kind || c.room.startsWith(`${kind}:`) || (kind === 'ops' && c.room.startsWith('ops'))).length;
const roomsOf = (kind: RoomKind) => [...rooms].filter((r) => (kind === 'national' ? r === 'national' : kind === 'ops' ? r.startsWith('ops') : r.startsWith(`${kind}:`))).length;
const allLatency = sorted(KINDS.flatMap((k) => latency[k]));
const loadRate = loadResult.accepted / (loadResult.ms / 1000);
const ackMs = sorted(okMarkers.map((m) => m.ackMs));
const postMs = sorted(loadResult.postMs);
const serverCores = (cpuAfter.cpuMs - cpuBefore.cpuMs) / runMs;
const serverCoresIpc = (statsAfter.cpu.user + statsAfter.cpu.system - statsBefore.cpu.user - statsBefore.cpu.system) / 1000 / (statsAfter.at - statsBefore.at);
const redisCores = ((redisAfter.cpuS - redisBefore.cpuS) * 1000) / runMs;
const maxOf = (xs: number[]) => xs.reduce((m, x) => (Number.isFinite(x) && x > m ? x : m), 0);
const national = sorted(statsAfter.nationalAt.slice(1).map((t, i) => t - statsAfter.nationalAt[i]));
const joinMs = sorted(reports.flatMap((r) => r.joinMs));
const connMs = sorted(reports.flatMap((r) => r.connectMs));
const totalBytes = KINDS.reduce((s, k) => s + concat(k, 'deltaBytes').reduce((a, b) => a + b, 0) + concat(k, 'progressBytes').reduce((a, b) => a + b, 0), 0);
const errs = results.flatMap((r) => r.errors);
const mismatches = results.flatMap((r) => r.mismatches);

const out: string[] = [];
out.push('');
out.push(`bench:live — ${fmt(clients.length)} socket.io clients in ${rooms.size} rooms (${THREADS} client threads), ${fmt(RATE)} events/s target for ${SECONDS} s + ${GRACE} s, ${fmt(okMarkers.length)} marker events`);
out.push('');
out.push(`setup: ${setup.users.length} logins + ${setup.wallTokens.length} wall-token exchanges → ${new Set(clients.map((c) => c.cookie)).size} sessions`);
out.push(
	`connect: ${fmt(connected)} of ${fmt(clients.length)} clients connected and joined in ${secs(connectMs)} (${CONNECT_CONCURRENCY * THREADS} at a time); ` +
		`per client: handshake p50 ${secs(pct(connMs, 50))} p95 ${secs(pct(connMs, 95))}, to joined p50 ${secs(pct(joinMs, 50))} p95 ${secs(pct(joinMs, 95))}; ${connectFailed} failed`
);
out.push(
	`load: ${fmt(loadRate)} events/s accepted on average (${fmt(loadResult.accepted)} in ${secs(loadResult.ms)}, ${fmt(loadResult.posts)} POSTs of ${BATCH}, ` +
		`${loadResult.retries} retries (429/503), ${loadResult.errors} errors, ${fmt(loadResult.rejected)} rejected; ${fmt(loadResult.behind)} events behind target at the end); ` +
		`POST → 202 p50 ${fmt(pct(postMs, 50))} ms p95 ${fmt(pct(postMs, 95))} ms`
);
out.push(
	`worker: ${fmt(committedInRun / (runMs / 1000))} events/s committed on average (${fmt(committedInRun)} in ${fmt(committedJobsInRun)} jobs during the run, markers included); ` +
		`${fmt(Math.max(0, loadResult.accepted + okMarkers.length - committedInRun))} accepted events not yet committed at the end`
);
out.push(`markers: ${okMarkers.length} of ${markers.length} accepted; POST → 202 p50 ${fmt(pct(ackMs, 50))} ms p95 ${fmt(pct(ackMs, 95))} ms`);
out.push('');
out.push('event → client latency (marker POSTed → first delta on a client that shows it; one sample per marker per client in its room)');
out.push(
	table(
		['room kind', 'samples', 'p50', 'p95', 'p99', 'max seen', 'not seen'],
		[...KINDS.filter((k) => k !== 'ops').map((k) => [k, latency[k]] as const), ['all', [...allLatency]] as const].map(([k, xs]) => {
			const s = sorted(xs as number[]);
			const miss = k === 'all' ? missed.national + missed.province + missed.site : missed[k as RoomKind];
			return [k, fmt(s.length), secs(pct(s, 50)), secs(pct(s, 95)), secs(pct(s, 99)), secs(s.length > miss ? s[s.length - 1 - miss] : NaN), fmt(miss)];
		})
	)
);
out.push(`  of which: POST → 202 (API) p50 ${secs(pct(ackMs, 50))} p95 ${secs(pct(ackMs, 95))}; POST → committed by the worker p50 ${secs(pct(toCommit, 50))} p95 ${secs(pct(toCommit, 95))} (${toCommit.length} of ${okMarkers.length} markers committed during the run);`);
out.push(
	`  committed → shown (the hub's part): ${KINDS.filter((k) => k !== 'ops')
		.map((k) => {
			const s = sorted(hubLatency[k]);
			return `${k} p50 ${secs(pct(s, 50))} p95 ${secs(pct(s, 95))} p99 ${secs(pct(s, 99))}`;
		})
		.join('; ')}`
);
out.push(`  ops rooms: no marker (alerts only). "not seen": not shown by the end of the run (${GRACE} s after the last marker); percentiles count them as infinitely late`);
out.push('');
out.push(`updates per client (window ${secs(runMs)}); bytes = socket.io packet as received (no compression)`);
out.push(
	table(
		['room kind', 'rooms', 'clients', 'deltas', 'deltas/client/s', 'heartbeats', 'bytes/delta p50', 'p95', 'max', 'server→client p50', 'p95', 'progress/client/s', 'bytes', 'snapshot on join p50'],
		KINDS.map((k) => {
			const n = clientsOf(k);
			const bytes = sorted(concat(k, 'deltaBytes'));
			const s2r = sorted(concat(k, 'sendToReceiveMs'));
			const progressBytes = sorted(concat(k, 'progressBytes'));
			const snap = sorted(reports.flatMap((r) => r.snapshotBytes[k]));
			const deltas = sum(k, 'deltas');
			return [
				k,
				fmt(roomsOf(k)),
				fmt(n),
				fmt(deltas),
				fmt(n ? deltas / n / windowS : NaN, 3),
				deltas ? `${fmt((100 * sum(k, 'empty')) / deltas)} %` : '–',
				kb(pct(bytes, 50)),
				kb(pct(bytes, 95)),
				kb(bytes.length ? bytes[bytes.length - 1] : NaN),
				secs(pct(s2r, 50)),
				secs(pct(s2r, 95)),
				fmt(n ? sum(k, 'progress') / n / windowS : NaN, 2),
				kb(pct(progressBytes, 50)),
				kb(pct(snap, 50))
			];
		})
	)
);
out.push(`  all clients together received ${fmt(totalBytes / 1024 / 1024 / windowS, 1)} MB/s; "server→client": delta.at (the server began the room's refresh) → received`);
out.push('');
const snapRows = Object.entries(statsAfter.snapshots).map(([kind, xs]) => {
	const s = sorted(xs);
	return [kind, fmt(s.length), fmt(s.length / windowS, 1), `${fmt(pct(s, 50))} ms`, `${fmt(pct(s, 95))} ms`, `${fmt(s.length ? s[s.length - 1] : NaN)} ms`, `${fmt(xs.reduce((a, b) => a + b, 0) / 1000 / windowS, 2)} s/s`];
});
out.push('server (hub): snapshot computations during the run (a pass recomputes every room with clients whose screen may have changed, each kind in one call: "(batch)")');
out.push(table(['room kind', 'computed', 'per s', 'p50', 'p95', 'max', 'time per s of run'], snapRows));
out.push(
	national.length > 0
		? `  pass period (between national recomputations): p50 ${secs(pct(national, 50))} p95 ${secs(pct(national, 95))} max ${secs(national[national.length - 1])} (${national.length + 1} passes)`
		: `  pass period: the national room was recomputed ${statsAfter.nationalAt.length} time(s) in ${secs(runMs)}: fewer than two passes over the ${rooms.size} rooms in the run`
);
out.push(
	`  CPU ${fmt(serverCores, 2)} cores on average (/proc; ${fmt(serverCoresIpc, 2)} by process.cpuUsage), event loop busy ${fmt(statsAfter.elu * 100)} %, delay p50 ${fmt(statsAfter.loopDelay.p50)} ms p99 ${fmt(statsAfter.loopDelay.p99)} ms max ${fmt(statsAfter.loopDelay.max)} ms`
);
out.push(
	`  RSS ${mb(afterConnect.rss)} after connect, max ${mb(maxOf(samples.map((s) => s.serverRss)))}, ${mb(statsAfter.rss)} at the end (heap ${mb(statsAfter.heapUsed)}); ${fmt(statsAfter.sockets)} sockets, ${statsAfter.rooms} rooms open at the end`
);
const topQueries = (q: ServerStats['queries'], seconds: number) =>
	table(
		['ClickHouse call', 'calls', 'per s', 'mean', 'max in flight', 'time per s'],
		Object.entries(q)
			.sort((a, b) => b[1].ms - a[1].ms)
			.slice(0, 12)
			.map(([label, x]) => [label.slice(0, 40), fmt(x.n), fmt(x.n / seconds, 1), `${fmt(x.ms / x.n)} ms`, fmt(x.max), `${fmt(x.ms / 1000 / seconds, 2)} s/s`])
	);
out.push(`  ClickHouse calls during the run, by table read (call → answer, queueing included; at most ${statsAfter.maxInFlight} in flight at once):`);
out.push(topQueries(statsAfter.queries, windowS));
out.push(
	`  during the connect phase: ${Object.entries(afterConnect.snapshots)
		.map(([kind, xs]) => `${fmt(xs.length)} ${kind} snapshots computed (${roomsOf(kind.split(' ')[0] as RoomKind)} rooms, p50 ${fmt(pct(sorted(xs), 50))} ms)`)
		.join(', ')}`
);
out.push(`redis-server: CPU ${fmt(redisCores, 2)} cores on average, RSS max ${mb(maxOf(samples.map((s) => s.redisRss)))} (${mb(redisAfter.rss)} at the end)`);
out.push(
	`clients: ${THREADS} threads, event loop busy ${results.map((r) => `${fmt(r.elu * 100)} %`).join(' / ')}, delay p99 ${results.map((r) => `${fmt(r.loopDelayP99)} ms`).join(' / ')}; ` +
		`bench process (clients + load + markers) ${fmt((benchCpu.user + benchCpu.system) / 1000 / runMs, 2)} cores`
);
out.push(
	`errors: ${results.reduce((s, r) => s + r.disconnects, 0)} disconnects, ${results.reduce((s, r) => s + r.reconnects, 0)} reconnects, ${results.reduce((s, r) => s + r.rejoins, 0)} rejoins after a missed delta, ` +
		`${results.reduce((s, r) => s + r.joinFailures, 0)} failed joins; counters read from deltas vs whole screens: ${results.reduce((s, r) => s + r.checked, 0)} screens checked, ${mismatches.length} mismatches`
);
for (const e of [...reports.flatMap((r) => r.errors), ...errs, ...mismatches].slice(0, 10)) out.push(`  ${e}`);
const p95 = pct(allLatency, 95);
out.push('');
out.push(
	`target: ${fmt(CLIENTS)} clients at ${fmt(RATE)} events/s with p95 ≤ 2 s — measured p95 ${secs(p95)} over ${fmt(allLatency.length)} samples: ${p95 <= 2000 && connected === clients.length ? 'met' : 'NOT met'}`
);
out.push(`machine: ${availableParallelism()} cores; load average (1, 5, 15 min) ${loadAvgStart} at the start, ${loadAvgRun} when the load began, ${loadAvgEnd} at the end (other work on the machine counts too)`);
out.push(`(total ${secs(performance.now() - started)})`);
console.log(out.join('\n'));
process.exit(0);

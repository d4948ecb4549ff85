// npm run bench:ingest — sustained events/s from HTTP POST to rows queryable in ClickHouse, on the embedded
// default (chdb + a redis-server with AOF fsync always), with all migrations in place; in the same run, the raw
// insert rate of the same rows straight into the engine (the ceiling), and their ratio.
// The ceiling inserts the same rows in blocks of the pipeline's job size (INGEST_FLUSH_EVENTS), one insert per raw
// table per block, as the worker does, minus HTTP, validation, the queue and de-duplication.
//   BENCH_EVENTS (default 600000), BENCH_BATCH events per POST (5000), BENCH_CONCURRENCY POSTs in flight (8)
//   BENCH_PHASED=1: the API alone (worker paused), then the worker alone on the backlog, instead of the full run.
import { Worker } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { startTestRedis } from '../src/lib/server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv } from '../src/lib/server/testing/server.ts';
import { createIngestKey } from '../src/lib/server/ingest/keys.ts';
import { prepareBatch } from '../src/lib/server/ingest/batch.ts';
import { sampleEvents } from '../src/lib/events/sample.ts';
import { FAMILY_TABLE } from '../src/lib/events/contract.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 600_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RAW_TABLES = Object.values(FAMILY_TABLE);

const redis = await startTestRedis();
const server = await startInProcessServer(testEnv(tempDataDir(), redis.url, { LOG_LEVEL: 'error', INGEST_MAX_QUEUE_JOBS: '200' }));
const ch = server.app.clickhouse;
const keys = await Promise.all(
	Array.from({ length: 8 }, async (_, i) => (await createIngestKey(ch, { kind: 'facility', facilityId: `SITE-${i}`, provinceCode: '01' })).key)
);

async function rowsInRawTables(): Promise<number> {
	const union = RAW_TABLES.map((t) => `SELECT count() AS n FROM ${t}`).join(' UNION ALL ');
	const rows = await (await ch.query({ query: `SELECT sum(n) AS n FROM (${union})`, format: 'JSONEachRow' })).json<{ n: string }>();
	return Number(rows[0].n);
}

// --- end to end: HTTP → validation → Redis queue → worker → ClickHouse ---
const load = new Worker(new URL('./load.ts', import.meta.url), {
	workerData: { url: server.url, keys, events: EVENTS, batchSize: BATCH, concurrency: CONCURRENCY }
});
const ready = await new Promise<{ bytes: number }>((r) => load.once('message', r));
const baseline = await rowsInRawTables();
const phased = process.env.BENCH_PHASED === '1';
if (phased) await server.app.worker!.pause();
const redisCpu = async () => {
	const info = await server.app.redis.info('cpu');
	return Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_user:([\d.]+)/.exec(info)![1]);
};
const redisCpuBefore = await redisCpu();
const cpuBefore = process.cpuUsage();
const t0 = performance.now();
load.postMessage('go');
if (phased) {
	const posted = await new Promise<{ ms: number }>((r) => load.once('message', r));
	console.log(`phased: API alone ${Math.round(EVENTS / (posted.ms / 1000))} events/s`);
	const tw = performance.now();
	server.app.worker!.resume();
	while ((await rowsInRawTables()) - baseline < EVENTS) await new Promise((r) => setTimeout(r, 20));
	console.log(`phased: worker alone ${Math.round(EVENTS / ((performance.now() - tw) / 1000))} events/s`);
	process.exit(0);
}
const done = new Promise<{ accepted: number; retries: number; ms: number }>((r) => load.on('message', (m) => m.done && r(m)));
let landed = 0;
while (landed < EVENTS) {
	await new Promise((r) => setTimeout(r, 50));
	landed = (await rowsInRawTables()) - baseline;
}
const e2eMs = performance.now() - t0;
const posted = await done;
const cpu = process.cpuUsage(cpuBefore);
const redisCores = (await redisCpu()) - redisCpuBefore;
await load.terminate();
const e2eRate = EVENTS / (e2eMs / 1000);

// --- ceiling: the same rows, already serialised, inserted straight into the engine in the same batch size ---
await ch.command({ query: 'CREATE DATABASE IF NOT EXISTS ceiling' });
for (const table of RAW_TABLES) await ch.command({ query: `CREATE TABLE IF NOT EXISTS ceiling.${table} AS default.${table}` });
const jobSize = server.app.config.ingest.flushEvents;
const blocks: Map<string, string[]>[] = [];
let current = new Map<string, string[]>();
let inBlock = 0;
for (let i = 0, made = 0; made < EVENTS; i++) {
	const count = Math.min(BATCH, EVENTS - made);
	const events = sampleEvents(count, { seed: 1_000 + i, start: Date.UTC(2021, 8, 1), spanMs: 30 * 86_400_000 });
	const batch = prepareBatch(events, { kind: 'facility', keyId: 'bench', facilityId: 'SITE-0', provinceCode: '01' }, { now: Date.now(), secret: 'x'.repeat(32), maxFutureSkewMs: 600_000 });
	for (const [table, rows] of Object.entries(batch.tables)) {
		const lines = current.get(table) ?? [];
		for (const line of rows.lines) lines.push(line);
		current.set(table, lines);
	}
	made += count;
	inBlock += count;
	if (inBlock >= jobSize || made === EVENTS) {
		blocks.push(current);
		current = new Map();
		inBlock = 0;
	}
}
const bodies = blocks.map((block) => [...block].map(([table, lines]) => [table, lines.join('\n')] as const));
const t1 = performance.now();
for (const block of bodies) {
	for (const [table, ndjson] of block) {
		const result = await ch.exec({ query: `INSERT INTO ceiling.${table} FORMAT JSONEachRow`, values: Readable.from([ndjson]) });
		result.stream.resume();
		await new Promise((r) => result.stream.on('end', r));
	}
}
const ceilingMs = performance.now() - t1;
const ceilingRate = EVENTS / (ceilingMs / 1000);
await ch.command({ query: 'DROP DATABASE ceiling' });

const redisInfo = await server.app.redis.info('memory');
const redisPeak = /used_memory_peak_human:(\S+)/.exec(redisInfo)?.[1];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`
bench:ingest — ${fmt(EVENTS)} events in POSTs of ${fmt(BATCH)}, ${CONCURRENCY} in flight, ${(ready.bytes / 1e6).toFixed(0)} MB of JSON; jobs of up to ${fmt(jobSize)} events
  end to end (POST → queryable in ClickHouse): ${fmt(e2eRate)} events/s  (${(e2eMs / 1000).toFixed(2)} s)
    all POSTs acknowledged after ${(posted.ms / 1000).toFixed(2)} s, ${posted.retries} retries (429/503)
    CPU: server process (web + worker + engine + load thread) ${((cpu.user + cpu.system) / 1000 / e2eMs).toFixed(2)} cores, redis-server ${((redisCores * 1000) / e2eMs).toFixed(2)} cores, on average
  ceiling (same rows straight into the engine): ${fmt(ceilingRate)} events/s  (${(ceilingMs / 1000).toFixed(2)} s)
  ratio end to end / ceiling: ${(e2eRate / ceilingRate).toFixed(2)}
  memory: process max RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MB, redis peak ${redisPeak}
`);
await server.close();
await redis.stop();
process.exit(0);

// No raw citizen ID anywhere: a simulated day of Hà Nội posted through POST /api/v1/events with per-facility keys
// (the simulator runner, as in simulator.int.test.ts), plus malformed events and logins that carry citizen IDs, to a
// server in its own process (so its log output is captured: pino writes to fd 1) at LOG_LEVEL=debug. Then every
// String column of every table (system.columns), every Redis key and value, and the whole log are searched for the
// 12-digit IDs that were sent. The keyed hashes, in contrast, are there.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startTestRedis, type TestRedis } from '../testing/redis.ts';
import { ROOT, openDataDir, tempDataDir, testEnv, count } from '../testing/server.ts';
import { postLogin } from '../testing/auth.ts';
import { loadReference } from '../../simulator/reference.ts';
import { Simulation } from '../../simulator/simulate.ts';
import { readKeysFile, defaultKeysPath } from '../../simulator/keys.ts';
import { citizenHash } from '../ingest/pseudonym.ts';

let redis: TestRedis;
let child: ChildProcess | null = null;
const SIMULATION = { seed: 7, scale: 0.002, from: '2021-09-06', to: '2021-09-07', provinces: ['01'] };

beforeAll(async () => {
	redis = await startTestRedis();
});
afterAll(async () => {
	child?.kill('SIGKILL');
	await redis?.stop();
});

it('stores and logs no raw citizen ID after a simulated day posted through the API', async () => {
	const dataDir = tempDataDir();
	let output = '';
	child = spawn(process.execPath, [join(ROOT, 'src/lib/server/testing/serve-child.ts')], {
		env: { ...process.env, ...testEnv(dataDir, redis.url, { SIMULATOR: 'off', LOG_LEVEL: 'debug' }), MCC_CHILD_SIMULATE: JSON.stringify(SIMULATION) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
	const ready = await new Promise<{ url: string; stats: { accepted: number; rejected: number } }>((resolve, reject) => {
		const timer = setInterval(() => {
			const line = output.split('\n').find((l) => l.startsWith('{"mccChild"'));
			if (line) {
				clearInterval(timer);
				resolve(JSON.parse(line).mccChild);
			}
			if (child!.exitCode !== null) {
				clearInterval(timer);
				reject(new Error(`the server exited with ${child!.exitCode}:\n${output.slice(-3000)}`));
			}
		}, 100);
	});
	expect(ready.stats.accepted).toBeGreaterThan(2_000);
	expect(ready.stats.rejected).toBe(0);

	// Citizen IDs where they do not belong: invalid events (kept in ingest_rejects), unknown fields, a login.
	const planted = ['079301234567', '001099876543', '038200000001'];
	const keys = readKeysFile(defaultKeysPath(dataDir))!;
	const [siteId, siteKey] = Object.entries(keys.facilities).find(([id]) => id.startsWith('S-01-'))!;
	const bad = [
		{ event_id: crypto.randomUUID(), type: 'visit.injected', occurred_at: '2021-09-06T09:00:00+07:00', visit_id: 'V-x', citizen_id: planted[0], vaccine: 'NOPE', dose_number: 9 },
		{ event_id: 'not-a-uuid', type: 'visit.checked_in', citizen_id: planted[1], note: `CCCD ${planted[2]}` },
		{ type: 'unknown.type', nested: { citizen_id: planted[0], deeper: { citizen_id: planted[1] } } },
		{ event_id: crypto.randomUUID(), type: 'visit.injected', occurred_at: '2021-09-06T09:00:00+07:00', facility_id: 'S-79-00001', citizen_id: planted[2] }
	];
	const response = await fetch(`${ready.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${siteKey}`, 'content-type': 'application/json' }, body: JSON.stringify(bad) });
	expect(response.status).toBe(202);
	expect((await response.json()).rejected).toHaveLength(bad.length);
	// People type their ID number into login forms.
	expect((await postLogin(ready.url, planted[0], planted[1])).status).toBe(401);
	expect((await postLogin(ready.url, 'someone', planted[2])).status).toBe(401);
	expect(siteId).toMatch(/^S-01-/);

	// Redis, while the server still runs (queued jobs, sessions, rate limits, dedup claims): no raw ID in any key or value.
	const r = new Redis(redis.url);
	const redisText: string[] = [];
	let cursor = '0';
	do {
		const [next, batch] = await r.scan(cursor, 'COUNT', 1000);
		cursor = next;
		for (const key of batch) {
			redisText.push(key);
			const type = await r.type(key);
			if (type === 'string') redisText.push((await r.getBuffer(key))?.toString('latin1') ?? '');
			else if (type === 'hash') redisText.push(JSON.stringify(await r.hgetall(key)));
			else if (type === 'list') redisText.push(JSON.stringify(await r.lrange(key, 0, -1)));
			else if (type === 'set') redisText.push(JSON.stringify(await r.smembers(key)));
			else if (type === 'zset') redisText.push(JSON.stringify(await r.zrange(key, '0', '-1')));
			else if (type === 'stream') redisText.push(JSON.stringify(await r.xrange(key, '-', '+')));
		}
	} while (cursor !== '0');
	r.disconnect();

	child.kill('SIGTERM');
	expect(await exited).toBe(0);
	child = null;

	// The IDs the simulator sent (the same simulation, regenerated: deterministic for its seed) and the planted ones.
	const client = await openDataDir(dataDir);
	try {
		const reference = await loadReference(client);
		const sent = new Set<string>(planted);
		let vaccinated = '';
		for (const step of new Simulation({ reference, ...SIMULATION }).steps()) {
			for (const e of step.events) {
				const id = (e.event as { citizen_id?: string }).citizen_id;
				if (id) sent.add(id);
				if (id && e.event.type === 'visit.injected') vaccinated = id;
			}
		}
		expect(sent.size).toBeGreaterThan(300);
		const found = (text: string) => [...new Set(text.match(/\d{12}/g) ?? [])].filter((d) => sent.has(d));

		const columns = await (
			await client.query({
				query: `SELECT c.table AS table, c.name AS name, c.type AS type FROM system.columns AS c
				        INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
				        WHERE c.database = currentDatabase() AND c.type LIKE '%String%' AND t.engine NOT IN ('MaterializedView', 'View')
				        ORDER BY c.table, c.name`,
				format: 'JSONEachRow'
			})
		).json<{ table: string; name: string; type: string }>();
		const tables = new Set(columns.map((c) => c.table));
		for (const t of ['raw_visit', 'raw_registration', 'ingest_rejects', 'users', 'audit_log', 'ingest_keys']) expect(tables, t).toContain(t);
		const leaks: string[] = [];
		for (const { table, name } of columns) {
			// Every 12-digit run inside the column's text (IDs inside JSON payloads too), compared with the IDs sent.
			const rows = await (
				await client.query({ query: `SELECT DISTINCT arrayJoin(extractAll(toString(\`${name}\`), '\\\\d{12}')) AS d FROM \`${table}\``, format: 'JSONEachRow' })
			).json<{ d: string }>();
			for (const { d } of rows) if (sent.has(d)) leaks.push(`${table}.${name}: ${d}`);
		}
		expect(leaks, 'raw citizen IDs stored in ClickHouse').toEqual([]);
		expect(columns.length).toBeGreaterThan(100);

		// Not vacuous: the people are there, as keyed hashes (HMAC with this deployment's secret), rejects too.
		const secret = readFileSync(join(dataDir, 'citizen-id.secret'), 'utf8').trim();
		expect(vaccinated).toMatch(/^\d{12}$/);
		expect(await count(client, 'SELECT count() AS n FROM raw_visit WHERE citizen_hash = {h:String}', { h: citizenHash(secret, vaccinated) })).toBeGreaterThan(0);
		expect(await count(client, 'SELECT count() AS n FROM ingest_rejects')).toBeGreaterThanOrEqual(bad.length);
		expect(await count(client, "SELECT count() AS n FROM audit_log WHERE action = 'login.failure'")).toBe(2);

		expect(found(redisText.join('\n')), 'raw citizen IDs in Redis').toEqual([]);
		expect(output).toMatch(/"msg":"clickhouse ready"/); // the log was captured
		expect(found(output), 'raw citizen IDs in the server log').toEqual([]);
		expect(output).not.toMatch(/"citizen_id":"\d/);
	} finally {
		await client.close();
	}
}, 300_000);

// The simulator end to end: the built app in this process (real Redis, the real ClickHouse engine), keys made with
// the app's own ClickHouse client, the runner backfilling two simulated days of two provinces over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startTestRedis, type TestRedis } from '../server/testing/redis.ts';
import { startInProcessServer, tempDataDir, testEnv, count, waitForQueueDrained, type InProcessServer } from '../server/testing/server.ts';
import { installAudit } from '../server/testing/audit.ts';
import { FAMILY_TABLE, parseEvent } from '../events/contract.ts';
import { loadReference } from './reference.ts';
import { loadOrCreateKeys, sendingFacilities } from './keys.ts';
import { SimulatorRunner } from './runner.ts';
import { Simulation } from './simulate.ts';

let redis: TestRedis;
let server: InProcessServer;
let dataDir: string;

beforeAll(async () => {
	redis = await startTestRedis();
	dataDir = tempDataDir();
	server = await startInProcessServer(testEnv(dataDir, redis.url));
	await installAudit(server.app.clickhouse);
});

afterAll(async () => {
	await server?.close();
	await redis?.stop();
});

describe('simulator → POST /api/v1/events → ClickHouse', () => {
	it('backfills two days of Hà Nội and TP HCM with per-facility keys: every event accepted and stored once', async () => {
		const clickhouse = server.app.clickhouse;
		const reference = await loadReference(clickhouse);
		const provinces = ['01', '79'];
		const keysFile = join(dataDir, 'simulator-keys.json');
		const verify = async (key: string) => (await server.app.keys.authenticate(key)) !== null;
		const keys = await loadOrCreateKeys(clickhouse, reference, keysFile, { provinces, verify });
		expect(statSync(keysFile).mode & 0o777).toBe(0o600);
		expect(Object.keys(keys.facilities).length).toBe(sendingFacilities(reference, provinces).length);
		expect(Object.keys(keys.channels).sort()).toEqual(['registration', 'verification']);
		// Loaded again: the same keys, nothing created.
		expect(await loadOrCreateKeys(clickhouse, reference, keysFile, { provinces, verify })).toEqual(keys);

		const simulation = { reference, seed: 7, scale: 0.002, from: '2021-09-06', to: '2021-09-08', provinces };
		const perTable: Record<string, number> = {};
		let total = 0;
		for (const step of new Simulation(simulation).steps()) {
			for (const e of step.events) {
				const parsed = parseEvent(e.event, Date.now(), 600_000);
				if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
				perTable[FAMILY_TABLE[parsed.family]] = (perTable[FAMILY_TABLE[parsed.family]] ?? 0) + 1;
				total++;
			}
		}
		expect(perTable.raw_visit).toBeGreaterThan(2000);

		const runner = new SimulatorRunner({ url: server.url, keys, simulation, backfillUntil: simulation.to, speed: 60 });
		const stats = await runner.run();
		expect(stats.rejections).toEqual([]);
		expect(stats.rejected).toBe(0);
		expect(stats.accepted).toBe(total);
		expect(stats.mode).toBe('done');

		await waitForQueueDrained(server.app.queue);
		for (const [table, n] of Object.entries(perTable)) {
			// Every row inserted (duplicates included: the audit copy keeps them) and every distinct event.
			expect(await count(clickhouse, `SELECT count() AS n FROM audit_${table}`), table).toBe(n);
			expect(await count(clickhouse, `SELECT uniqExact(event_id) AS n FROM ${table}`), table).toBe(n);
		}
		expect(await count(clickhouse, 'SELECT count() AS n FROM ingest_rejects')).toBe(0);
		// Facility events carry the province of their key; channel events the province they name.
		expect(await count(clickhouse, `SELECT count() AS n FROM raw_visit WHERE province_code NOT IN ('01', '79')`)).toBe(0);
		expect(await count(clickhouse, `SELECT count() AS n FROM raw_registration WHERE province_code NOT IN ('01', '79')`)).toBe(0);
		// Late uploads of offline sites land on their event day.
		expect(await count(clickhouse, `SELECT count() AS n FROM raw_visit WHERE toDate(occurred_at, 'Asia/Ho_Chi_Minh') NOT IN ('2021-09-06', '2021-09-07')`)).toBe(0);
	});
});

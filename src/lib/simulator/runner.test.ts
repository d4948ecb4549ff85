// The runner against a stand-in HTTP server that records every request (the real server: simulator.int.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReference } from '../reference/build.ts';
import { SimulatorRunner, readState } from './runner.ts';
import { Simulation, REGISTRATION_CHANNEL, VERIFICATION_CHANNEL, type SimEvent } from './simulate.ts';
import { sendingFacilities, type SimulatorKeys } from './keys.ts';
import { toInstant } from './curve.ts';

const reference = buildReference(1);
const keys: SimulatorKeys = {
	version: 1,
	facilities: Object.fromEntries(sendingFacilities(reference, ['48', '02']).map((f) => [f.id, `key:${f.id}`])),
	channels: { registration: 'key:registration', verification: 'key:verification' }
};
const senderOfKey = (key: string) => (key === 'key:registration' ? REGISTRATION_CHANNEL : key === 'key:verification' ? VERIFICATION_CHANNEL : key.slice(4));

interface Received {
	key: string;
	events: Record<string, unknown>[];
	at: number;
}
let server: Server;
let url: string;
let received: Received[] = [];
let failNext = 0;

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			if (failNext > 0) {
				failNext--;
				res.writeHead(503, { 'retry-after': '0' }).end('busy');
				return;
			}
			const raw = Buffer.concat(chunks);
			const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
			const events = JSON.parse(body.toString()) as Record<string, unknown>[];
			received.push({ key: (req.headers.authorization ?? '').replace('Bearer ', ''), events, at: Date.now() });
			res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: events.length, rejected: [] }));
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function generate(opts: { seed: number; scale: number; from: string; to: string; provinces: string[] }): Map<string, SimEvent> {
	const all = new Map<string, SimEvent>();
	for (const step of new Simulation({ reference, ...opts }).steps()) for (const e of step.events) all.set(e.event.event_id, e);
	return all;
}

describe('SimulatorRunner', () => {
	const run = { seed: 3, scale: 0.002, from: '2021-09-06', to: '2021-09-08', provinces: ['48', '02'] };
	const expected = generate(run);

	it('backfills a run: every event once, grouped per sender with its own key, retrying refused batches', async () => {
		received = [];
		failNext = 2;
		const stateFile = join(mkdtempSync(join(tmpdir(), 'mcc-sim-')), 'state.json');
		const runner = new SimulatorRunner({ url, keys, simulation: { reference, ...run }, backfillUntil: run.to, speed: 60, stateFile, maxBatch: 500 });
		const stats = await runner.run();
		expect(stats.mode).toBe('done');
		expect(stats.rejected).toBe(0);
		const ids = received.flatMap((r) => r.events.map((e) => e.event_id as string));
		expect(ids.length).toBe(expected.size);
		expect(new Set(ids)).toEqual(new Set(expected.keys()));
		expect(stats.sent).toBe(expected.size);
		for (const r of received) {
			expect(r.events.length).toBeLessThanOrEqual(500);
			const sender = senderOfKey(r.key);
			for (const e of r.events) expect(expected.get(e.event_id as string)!.sender).toBe(sender);
			if (sender === REGISTRATION_CHANNEL) expect(r.events.every((e) => String(e.type).startsWith('registration.'))).toBe(true);
			else if (sender === VERIFICATION_CHANNEL) expect(r.events.every((e) => String(e.type).startsWith('record.'))).toBe(true);
			else expect(r.events.every((e) => e.facility_id === sender)).toBe(true);
		}
		// A request carries many events: a site's hours, not one event each.
		expect(received.length).toBeLessThan(expected.size / 10);
		// The clock is saved, and a run with other options does not take it.
		expect(statSync(stateFile).mode & 0o777).toBe(0o600);
		const state = readState(stateFile, run)!;
		expect(Date.parse(state.clock)).toBe(toInstant(run.to));
		expect(readState(stateFile, { ...run, seed: 4 })).toBeNull();
		expect(readState(stateFile, { ...run, provinces: ['48'] })).toBeNull();
		expect(JSON.parse(readFileSync(stateFile, 'utf8')).version).toBe(1);
	});

	it('resumes: after a restart it sends only what was not delivered before the saved clock', async () => {
		received = [];
		const resumeAt = Date.parse('2021-09-07T10:00:00+07:00');
		const runner = new SimulatorRunner({ url, keys, simulation: { reference, ...run }, backfillUntil: run.to, speed: 60, resumeAt });
		const stats = await runner.run();
		const ids = new Set(received.flatMap((r) => r.events.map((e) => e.event_id as string)));
		const due = [...expected.values()].filter((e) => e.deliverAt >= resumeAt);
		expect(ids.size).toBe(due.length);
		for (const e of due) expect(ids.has(e.event.event_id)).toBe(true);
		expect(stats.skipped).toBe(expected.size - due.length);
	});

	it('goes live after the backfill: simulated time at speed × real time, events sent once their upload time has come', async () => {
		received = [];
		const live = { ...run, provinces: ['48'], to: '2021-09-06T13:00:00+07:00' };
		const all = generate(live);
		const backfillUntil = toInstant('2021-09-06T09:00:00+07:00');
		const speed = 3600; // a simulated hour per second
		const started = Date.now();
		const runner = new SimulatorRunner({ url, keys, simulation: { reference, ...live }, backfillUntil, speed, tickMs: 20 });
		const stats = await runner.run();
		const elapsed = Date.now() - started;
		expect(stats.sent).toBe(all.size);
		// 4 simulated hours live at 3600× ≈ 4 s (the end of the run flushes what offline sites still hold).
		expect(elapsed).toBeGreaterThan(3500);
		expect(elapsed).toBeLessThan(15_000);
		const lastBackfill = Math.max(...received.filter((r) => r.events.some((e) => all.get(e.event_id as string)!.deliverAt < backfillUntil)).map((r) => r.at));
		const end = toInstant(live.to);
		for (const r of received) {
			for (const e of r.events) {
				const sim = all.get(e.event_id as string)!;
				if (sim.deliverAt < backfillUntil || sim.deliverAt >= end) continue;
				// Never before its time: the simulated clock at posting is at most backfillUntil + (elapsed since the backfill) × speed.
				expect(sim.deliverAt).toBeLessThanOrEqual(backfillUntil + (r.at - lastBackfill) * speed + 1000);
			}
		}
	});

	it('stops on request, saving where it stands', async () => {
		received = [];
		const stateFile = join(mkdtempSync(join(tmpdir(), 'mcc-sim-')), 'state.json');
		const runner = new SimulatorRunner({ url, keys, simulation: { reference, ...run }, speed: 600, stateFile, tickMs: 20 });
		const done = runner.run();
		await new Promise((r) => setTimeout(r, 600));
		const stats = await runner.stop();
		expect(await done).toBe(stats);
		expect(stats.mode).toBe('stopped');
		const clock = Date.parse(readState(stateFile, run)!.clock);
		// ~0.6 s at 600× ≈ 6 simulated minutes after the start
		expect(clock).toBeGreaterThan(toInstant(run.from));
		expect(clock).toBeLessThan(toInstant(run.from) + 3_600_000);
	});
});

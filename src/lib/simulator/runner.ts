// Runs the simulator against an MCC server: posts the generated events through POST /api/v1/events with the key of
// each sender (one request per facility and batch, several in flight), holds the events of offline sites until
// their upload time, and keeps a simulated clock:
// - backfill: as fast as the server takes it, until `backfillUntil`;
// - live: simulated time advances at `speed` × real time (60 = a simulated minute per second).
// The clock is saved to a state file; a restart with the same options regenerates the run (deterministic for a
// seed) and sends only what was not delivered yet (a little re-sent is harmless: events are de-duplicated by id).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { postEvents, IngestError } from '../ingest-client.ts';
import { Agenda } from './heap.ts';
import { Simulation, type SimEvent, type SimulateOptions } from './simulate.ts';
import { keyFor, type SimulatorKeys } from './keys.ts';
import { localIso, toInstant } from './curve.ts';

export interface RunnerOptions {
	/** Base URL of the MCC server, e.g. http://localhost:3000. */
	url: string;
	keys: SimulatorKeys;
	simulation: Omit<SimulateOptions, 'to'> & { to?: number | string };
	/** Until this simulated instant, deliver as fast as the server takes it; then live. Default: `from` (live at once). */
	backfillUntil?: number | string;
	/** Live mode: simulated milliseconds per real millisecond. */
	speed: number;
	/** Events delivered before this simulated instant were sent by an earlier run: skip them. */
	resumeAt?: number;
	/** Requests in flight. Default 8. */
	concurrency?: number;
	/** Most events in one request. Default 2000. */
	maxBatch?: number;
	/** Where the clock is saved (JSON), to resume after a restart. */
	stateFile?: string;
	log?: (message: string, data?: Record<string, unknown>) => void;
	/** Real time source and live tick (tests). */
	now?: () => number;
	tickMs?: number;
}

export interface RunnerStats {
	/** Simulated instant up to which every event due for delivery has been accepted by the server. */
	clock: number;
	generated: number;
	sent: number;
	accepted: number;
	rejected: number;
	requests: number;
	skipped: number;
	mode: 'backfill' | 'live' | 'done' | 'stopped';
	/** The first rejections, with their reasons. */
	rejections: { event_id: string | null; type?: string; errors: { path: string; message: string }[] }[];
}

export interface SimulatorState {
	version: 1;
	seed: number;
	scale: number;
	from: string;
	provinces: string[];
	clock: string;
	savedAt: string;
}

/** A saved state, if it belongs to a run with these options (same seed, scale, start and provinces). */
export function readState(path: string, opts: { seed: number; scale: number; from: number | string; provinces?: readonly string[] }): SimulatorState | null {
	if (!existsSync(path)) return null;
	try {
		const state = JSON.parse(readFileSync(path, 'utf8')) as SimulatorState;
		const same =
			state.version === 1 &&
			state.seed === opts.seed &&
			state.scale === opts.scale &&
			Date.parse(state.from) === toInstant(opts.from) &&
			[...state.provinces].sort().join(',') === [...(opts.provinces ?? [])].sort().join(',');
		return same && !Number.isNaN(Date.parse(state.clock)) ? state : null;
	} catch {
		return null;
	}
}

const FAR_FUTURE = Date.UTC(2023, 0, 1);

export class SimulatorRunner {
	readonly #opts: RunnerOptions;
	readonly #sim: Simulation;
	readonly #held = new Agenda<{ t: number; seq: number; ev: SimEvent }>();
	#seq = 0;
	#stopping = false;
	#done: Promise<RunnerStats> | null = null;
	#lastSave = 0;
	readonly stats: RunnerStats;

	constructor(opts: RunnerOptions) {
		this.#opts = opts;
		this.#sim = new Simulation({ ...opts.simulation, to: opts.simulation.to ?? FAR_FUTURE });
		this.stats = { clock: opts.resumeAt ?? this.#sim.from, generated: 0, sent: 0, accepted: 0, rejected: 0, requests: 0, skipped: 0, mode: 'backfill', rejections: [] };
	}

	get simulation(): Simulation {
		return this.#sim;
	}

	/** Runs until the end of the simulation (`to`) or stop(); resolves with the statistics. */
	run(): Promise<RunnerStats> {
		return (this.#done ??= this.#run());
	}

	/** Stops after the requests in flight, saving the clock. */
	async stop(): Promise<RunnerStats> {
		this.#stopping = true;
		return this.#done ?? this.stats;
	}

	async #run(): Promise<RunnerStats> {
		const opts = this.#opts;
		const now = opts.now ?? Date.now;
		const tickMs = opts.tickMs ?? 1000;
		const backfillUntil = opts.backfillUntil === undefined ? this.#sim.from : toInstant(opts.backfillUntil);
		const steps = this.#sim.steps();
		const resumeAt = opts.resumeAt ?? Number.NEGATIVE_INFINITY;
		let generatedTo = this.#sim.from;
		let exhausted = false;
		let liveStart: { real: number; sim: number } | null = null;
		const stats = this.stats;
		/** Generates steps until `until`, or until `maxNew` events were generated (at least one step). */
		const generateUntil = async (until: number, maxNew: number) => {
			const before = stats.generated;
			while (!exhausted && generatedTo < until && stats.generated - before < maxNew && !this.#stopping) {
				const next = steps.next();
				if (next.done) {
					exhausted = true;
					break;
				}
				for (const ev of next.value.events) {
					stats.generated++;
					if (ev.deliverAt < resumeAt) {
						stats.skipped++;
						continue;
					}
					this.#held.push({ t: ev.deliverAt, seq: this.#seq++, ev });
				}
				generatedTo = next.value.to;
				await yieldToLoop(); // the server may share this process: never hold the event loop for long
			}
		};
		opts.log?.('simulator starting', { from: localIso(this.#sim.from), resumeAt: Number.isFinite(resumeAt) ? localIso(resumeAt) : null, backfillUntil: localIso(backfillUntil), speed: opts.speed });
		try {
			while (!this.#stopping) {
				let target: number;
				if (stats.clock < backfillUntil) {
					stats.mode = 'backfill';
					// Generate ahead (up to a simulated day or ~20,000 events), then deliver what is due by then.
					await generateUntil(Math.min(backfillUntil, stats.clock + 24 * 3_600_000), 20_000);
					target = exhausted ? Number.POSITIVE_INFINITY : Math.min(generatedTo, backfillUntil);
				} else {
					stats.mode = 'live';
					liveStart ??= { real: now(), sim: stats.clock };
					target = liveStart.sim + (now() - liveStart.real) * opts.speed;
					await generateUntil(target, Number.POSITIVE_INFINITY);
					if (exhausted) target = Number.POSITIVE_INFINITY;
				}
				if (this.#stopping) break;
				if (!(await this.#deliver(target))) break;
				if (target === Number.POSITIVE_INFINITY) {
					stats.clock = this.#sim.to;
					stats.mode = 'done';
					this.#save(true);
					break;
				}
				stats.clock = Math.max(stats.clock, target);
				this.#save(false);
				if (stats.mode === 'live') await new Promise((r) => setTimeout(r, tickMs));
			}
		} finally {
			if (stats.mode !== 'done') stats.mode = 'stopped';
			this.#save(true);
		}
		opts.log?.('simulator stopped', { clock: localIso(stats.clock), sent: stats.sent, rejected: stats.rejected, mode: stats.mode });
		return stats;
	}

	/** Posts every held event due before `target`: grouped by sender, in batches, `concurrency` requests at a time. */
	/** False when stopped before everything was delivered (the clock must then stay where it is). */
	async #deliver(target: number): Promise<boolean> {
		const bySender = new Map<string, SimEvent[]>();
		for (let item = this.#held.peek(); item && item.t < target; item = this.#held.peek()) {
			this.#held.pop();
			let list = bySender.get(item.ev.sender);
			if (!list) bySender.set(item.ev.sender, (list = []));
			list.push(item.ev);
		}
		const maxBatch = this.#opts.maxBatch ?? 2000;
		const requests: { key: string; events: SimEvent[] }[] = [];
		for (const [sender, events] of bySender) {
			const key = keyFor(this.#opts.keys, sender);
			if (!key) throw new Error(`no ingest key for ${sender}: make the simulator's keys again (npm run simulate -- --make-keys)`);
			for (let i = 0; i < events.length; i += maxBatch) requests.push({ key, events: events.slice(i, i + maxBatch) });
		}
		// A batch the server still refuses after the client's retries (10 minutes of 429 / 503 / network errors) is
		// tried again after a pause; a 4xx other than 429 is a configuration error and stops the run.
		let pending = requests;
		for (let attempt = 1; pending.length > 0; attempt++) {
			const failed: typeof requests = [];
			let next = 0;
			const worker = async () => {
				while (next < pending.length) {
					const request = pending[next++];
					try {
						await this.#post(request);
					} catch (error) {
						if (error instanceof IngestError) {
							if (error.status === 401) throw new Error(`the server refused a simulator key (401): make the keys again with this server's database (${error.message})`);
							throw new Error(`the server refused a batch (${error.status}): ${error.message.slice(0, 500)}`);
						}
						failed.push(request);
					}
				}
			};
			await Promise.all(Array.from({ length: Math.min(this.#opts.concurrency ?? 8, pending.length) }, worker));
			if (failed.length === 0) return true;
			// Stopping with batches unsent: the clock does not move past them, so a restart sends them.
			if (this.#stopping) return false;
			this.#opts.log?.('server unavailable, retrying', { batches: failed.length, attempt });
			await new Promise((r) => setTimeout(r, Math.min(60_000, 5_000 * attempt)));
			pending = failed;
		}
		return true;
	}

	async #post(request: { key: string; events: SimEvent[] }): Promise<void> {
		const response = await postEvents(this.#opts.url, request.key, request.events.map((e) => e.event), { gzip: request.events.length > 200 });
		this.stats.requests++;
		this.stats.sent += request.events.length;
		this.stats.accepted += response.accepted;
		this.stats.rejected += response.rejected.length;
		for (const r of response.rejected) {
			if (this.stats.rejections.length >= 20) break;
			this.stats.rejections.push({ event_id: r.event_id, type: request.events[r.index]?.event.type, errors: r.errors });
		}
		if (response.rejected.length > 0) this.#opts.log?.('events rejected', { count: response.rejected.length, first: response.rejected[0] });
	}

	#save(force: boolean): void {
		const file = this.#opts.stateFile;
		if (!file) return;
		const t = Date.now();
		if (!force && t - this.#lastSave < 2000) return;
		this.#lastSave = t;
		const sim = this.#opts.simulation;
		const state: SimulatorState = {
			version: 1,
			seed: sim.seed,
			scale: sim.scale,
			from: new Date(toInstant(sim.from)).toISOString(),
			provinces: [...(sim.provinces ?? [])],
			clock: new Date(Math.min(this.stats.clock, 8.64e15)).toISOString(),
			savedAt: new Date(t).toISOString()
		};
		mkdirSync(dirname(file), { recursive: true });
		const tmp = `${file}.${process.pid}.tmp`;
		writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
		renameSync(tmp, file);
	}
}

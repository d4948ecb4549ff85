// The simulator inside `npm start` (SIMULATOR=on): keys made with the app's own ClickHouse client (no second process
// may open the embedded engine), events posted over HTTP to this same server, the clock kept in
// DATA_DIR/simulator-state.json so a restart continues where it stopped.
import { join } from 'node:path';
import type { App } from '../server/app.ts';
import { loadReference } from './reference.ts';
import { defaultKeysPath, loadOrCreateKeys } from './keys.ts';
import { SimulatorRunner, readState } from './runner.ts';
import { localIso } from './curve.ts';

export const STATE_FILE = 'simulator-state.json';

export interface RunningSimulator {
	runner: SimulatorRunner;
	stop(): Promise<void>;
}

export async function startInProcessSimulator(app: App, url: string): Promise<RunningSimulator> {
	const { config, log } = app;
	const settings = config.simulator;
	const reference = await loadReference(app.clickhouse);
	const keys = await loadOrCreateKeys(app.clickhouse, reference, defaultKeysPath(config.dataDir), {
		verify: async (key) => (await app.keys.authenticate(key)) !== null,
		log: (message) => log.info(message)
	});
	const stateFile = join(config.dataDir, STATE_FILE);
	const simulation = { reference, seed: settings.seed, scale: settings.scale, from: settings.from };
	const state = readState(stateFile, simulation);
	const runner = new SimulatorRunner({
		url,
		keys,
		simulation,
		backfillUntil: settings.backfillUntil,
		speed: settings.speed,
		resumeAt: state ? Date.parse(state.clock) : undefined,
		stateFile,
		log: (message, data) => log.info({ simulator: data ?? {} }, message)
	});
	log.info(
		{ from: settings.from, backfillUntil: settings.backfillUntil, speed: settings.speed, seed: settings.seed, scale: settings.scale, resumeAt: state?.clock ?? null },
		'simulator on (SIMULATOR=off to disable)'
	);
	const progress = setInterval(() => {
		const s = runner.stats;
		log.info({ clock: localIso(s.clock), mode: s.mode, sent: s.sent, rejected: s.rejected, requests: s.requests }, 'simulator progress');
	}, 30_000);
	progress.unref();
	const done = runner.run().catch((error: Error) => {
		log.error({ err: error.message }, 'simulator failed');
	});
	return {
		runner,
		stop: async () => {
			clearInterval(progress);
			await runner.stop();
			await done;
		}
	};
}

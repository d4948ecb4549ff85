// The built app (MCC_BUILD_DIR, default build/) served in a process of its own, so that a test can read the server's
// own log output (pino writes to file descriptor 1). Configured by the environment (testEnv); with MCC_CHILD_SIMULATE
// (JSON: {seed, scale, from, to, provinces}) it posts that simulated campaign to itself through POST /api/v1/events
// with per-facility keys, as the simulator does, and waits until the queue is drained. Then it prints one line
// `{"mccChild":{"url":…,"stats":…}}` (the rest of its output is the server's log) and serves until SIGTERM, on which
// it commits everything queued, drains and exits 0.
//   node src/lib/server/testing/serve-child.ts
import { startInProcessServer, waitForQueueDrained } from './server.ts';
import { loadReference } from '../../simulator/reference.ts';
import { loadOrCreateKeys, defaultKeysPath } from '../../simulator/keys.ts';
import { SimulatorRunner } from '../../simulator/runner.ts';

const say = (data: Record<string, unknown>) => process.stdout.write(JSON.stringify({ mccChild: data }) + '\n');

const server = await startInProcessServer({});
const spec = process.env.MCC_CHILD_SIMULATE ? (JSON.parse(process.env.MCC_CHILD_SIMULATE) as { seed: number; scale: number; from: string; to: string; provinces: string[] }) : null;
const { app } = server;
let stats = null;
if (spec) {
	const reference = await loadReference(app.clickhouse);
	const keys = await loadOrCreateKeys(app.clickhouse, reference, defaultKeysPath(app.config.dataDir), { provinces: spec.provinces });
	const runner = new SimulatorRunner({ url: server.url, keys, simulation: { reference, ...spec }, backfillUntil: spec.to, speed: 60 });
	const done = await runner.run();
	await waitForQueueDrained(app.queue);
	stats = { accepted: done.accepted, rejected: done.rejected, requests: done.requests };
}
say({ url: server.url, stats });
// SIGTERM: everything queued is committed first, then the server drains and the process exits 0.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.once(signal, async () => {
		await waitForQueueDrained(app.queue).catch(() => {});
		await server.close();
		process.exit(0);
	});
}

// Load generator (runs in a worker thread so it does not share the server's event loop): posts pre-serialised
// batches with a fixed number of requests in flight and reports when every batch was acknowledged.
import { parentPort, workerData } from 'node:worker_threads';
import { sampleEvents } from '../src/lib/events/sample.ts';

interface LoadSpec {
	url: string;
	keys: string[];
	events: number;
	batchSize: number;
	concurrency: number;
}

const spec = workerData as LoadSpec;
const bodies: { key: string; body: string; count: number }[] = [];
for (let i = 0, made = 0; made < spec.events; i++) {
	const count = Math.min(spec.batchSize, spec.events - made);
	const events = sampleEvents(count, { seed: 1_000 + i, start: Date.UTC(2021, 8, 1), spanMs: 30 * 86_400_000 });
	bodies.push({ key: spec.keys[i % spec.keys.length], body: JSON.stringify(events), count });
	made += count;
}
parentPort!.postMessage({ ready: true, bytes: bodies.reduce((n, b) => n + b.body.length, 0) });

parentPort!.once('message', async () => {
	const started = performance.now();
	let next = 0;
	let accepted = 0;
	let retries = 0;
	async function lane(): Promise<void> {
		while (next < bodies.length) {
			const batch = bodies[next++];
			for (;;) {
				const response = await fetch(`${spec.url}/api/v1/events`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${batch.key}` },
					body: batch.body
				});
				if (response.status === 202) {
					accepted += ((await response.json()) as { accepted: number }).accepted;
					break;
				}
				await response.text();
				retries++;
				await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? 1) * 100));
			}
		}
	}
	await Promise.all(Array.from({ length: spec.concurrency }, lane));
	parentPort!.postMessage({ done: true, accepted, retries, ms: performance.now() - started, startedAt: Date.now() - (performance.now() - started) });
});

// Background load of `npm run bench:live`, in a worker thread: events made with the sample generator
// (src/lib/events/sample.ts, as bench/ingest.ts uses), dated within the last minute, posted to POST /api/v1/events at a
// target rate in batches, each batch one site's (its facility key), the sites taken in turn (more sites in bigger
// provinces, so events spread over the country like the campaign's). At most `concurrency` POSTs in flight: when the
// server cannot keep up the rate falls behind instead of piling up, and the report says so.
import { parentPort, workerData } from 'node:worker_threads';
import { sampleEvents } from '../src/lib/events/sample.ts';

export interface LoadSpec {
	url: string;
	keys: string[];
	rate: number;
	batchSize: number;
	concurrency: number;
}

export interface LoadResult {
	ms: number;
	made: number;
	accepted: number;
	rejected: number;
	posts: number;
	retries: number;
	errors: number;
	/** POST → 202 (ms), every request. */
	postMs: number[];
	/** Events the generator was behind its target when it stopped (0: on target). */
	behind: number;
	/** Accepted events per second of the run, second by second. */
	perSecond: number[];
}

const spec = workerData as LoadSpec;
let stop = false;
parentPort!.on('message', (m) => {
	if (m === 'stop') stop = true;
});

parentPort!.once('message', async (m) => {
	if (m !== 'go') return;
	const started = performance.now();
	const result: LoadResult = { ms: 0, made: 0, accepted: 0, rejected: 0, posts: 0, retries: 0, errors: 0, postMs: [], behind: 0, perSecond: [] };
	let inFlight = 0;
	let n = 0;
	const seedBase = Date.now() % 1_000_000_000;
	const pending = new Set<Promise<void>>();

	async function post(key: string, body: string, count: number): Promise<void> {
		for (let attempt = 0; ; attempt++) {
			const t = performance.now();
			try {
				const response = await fetch(`${spec.url}/api/v1/events`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
					body
				});
				result.posts++;
				if (response.status === 202) {
					const answer = (await response.json()) as { accepted: number; rejected: unknown[] };
					result.postMs.push(performance.now() - t);
					result.accepted += answer.accepted;
					result.rejected += answer.rejected.length;
					const second = Math.floor((performance.now() - started) / 1000);
					result.perSecond[second] = (result.perSecond[second] ?? 0) + answer.accepted;
					return;
				}
				await response.text();
				if (response.status !== 429 && response.status !== 503) {
					result.errors++;
					result.rejected += count;
					return;
				}
				result.retries++;
				await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? 1) * 100));
			} catch {
				result.errors++;
				if (attempt >= 3 || stop) return;
				await new Promise((r) => setTimeout(r, 200));
			}
		}
	}

	while (!stop) {
		const target = Math.floor((spec.rate * (performance.now() - started)) / 1000);
		while (result.made + spec.batchSize <= target && inFlight < spec.concurrency) {
			const now = Date.now();
			const events = sampleEvents(spec.batchSize, { seed: seedBase + n, start: now - 60_000, spanMs: 59_000 });
			const key = spec.keys[n % spec.keys.length];
			n++;
			result.made += events.length;
			inFlight++;
			const p = post(key, JSON.stringify(events), events.length).finally(() => {
				inFlight--;
				pending.delete(p);
			});
			pending.add(p);
		}
		result.behind = Math.max(0, target - result.made);
		await new Promise((r) => setTimeout(r, 10));
	}
	await Promise.all(pending);
	result.ms = performance.now() - started;
	parentPort!.postMessage({ result });
});

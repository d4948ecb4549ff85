// A client of POST /api/v1/events that never loses a batch: it retries on network errors, 429 and 503 (honouring
// Retry-After) with the same event ids, which the server de-duplicates. Used by the simulator, tests and benchmarks.
import { gzipSync } from 'node:zlib';

export interface IngestResponse {
	accepted: number;
	rejected: { index: number; event_id: string | null; errors: { path: string; message: string }[] }[];
}

export interface PostOptions {
	gzip?: boolean;
	/** Give up after this long (ms); default: keep trying for 10 minutes. */
	deadlineMs?: number;
	onRetry?: (reason: string) => void;
}

export class IngestError extends Error {
	readonly status: number;
	constructor(status: number, message: string) {
		super(message);
		this.status = status;
	}
}

export async function postEvents(baseUrl: string, key: string, events: unknown[], opts: PostOptions = {}): Promise<IngestResponse> {
	const json = JSON.stringify(events);
	const body = opts.gzip ? gzipSync(json) : json;
	const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
	if (opts.gzip) headers['content-encoding'] = 'gzip';
	const deadline = Date.now() + (opts.deadlineMs ?? 600_000);
	let delay = 100;
	for (;;) {
		let retryAfterMs = delay;
		let reason: string;
		try {
			const response = await fetch(`${baseUrl}/api/v1/events`, { method: 'POST', headers, body });
			if (response.status === 202) return (await response.json()) as IngestResponse;
			const text = await response.text();
			if (response.status !== 429 && response.status !== 503) throw new IngestError(response.status, text);
			retryAfterMs = Math.min(Number(response.headers.get('retry-after') ?? 1) * 1000, 5_000);
			reason = `HTTP ${response.status}`;
		} catch (error) {
			if (error instanceof IngestError) throw error;
			reason = (error as Error).message;
		}
		if (Date.now() + retryAfterMs > deadline) throw new Error(`gave up posting a batch: ${reason}`);
		opts.onRetry?.(reason);
		await new Promise((r) => setTimeout(r, retryAfterMs));
		delay = Math.min(delay * 2, 2_000);
	}
}

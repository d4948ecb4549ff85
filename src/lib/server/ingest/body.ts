// Reads and decodes an ingest request body within the configured limits. Errors carry the HTTP status to answer.
import { gunzipSync } from 'node:zlib';

export class BodyError extends Error {
	readonly status: number;
	constructor(status: number, message: string) {
		super(message);
		this.status = status;
	}
}

export async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > maxBytes) throw new BodyError(413, `body is ${declared} bytes; the maximum is ${maxBytes}`);
	if (!request.body) return Buffer.alloc(0);
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			await reader.cancel();
			throw new BodyError(413, `body is over ${maxBytes} bytes, the maximum`);
		}
		chunks.push(value);
	}
	const raw = Buffer.concat(chunks);
	const encoding = (request.headers.get('content-encoding') ?? 'identity').toLowerCase();
	if (encoding === 'identity') return raw;
	if (encoding !== 'gzip' && encoding !== 'x-gzip') throw new BodyError(415, `Content-Encoding "${encoding.slice(0, 32)}" is not supported; use gzip or none`);
	try {
		return gunzipSync(raw, { maxOutputLength: maxBytes });
	} catch (error) {
		if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
			throw new BodyError(413, `body is over ${maxBytes} bytes once decompressed, the maximum`);
		}
		throw new BodyError(400, 'body is not valid gzip');
	}
}

/** An NDJSON line that is not JSON: that event's error, not the whole batch's. */
export class UnparsableLine {
	readonly text: string;
	readonly message: string;
	constructor(text: string, message: string) {
		this.text = text;
		this.message = message;
	}
}

/** A JSON array of events, or NDJSON (one event per line). */
export function parseEvents(body: string): unknown[] {
	const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body; // a UTF-8 byte-order mark is not content
	const start = text.search(/\S/);
	if (start === -1) throw new BodyError(400, 'body is empty; send a JSON array of events or NDJSON');
	if (text[start] === '[') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch (error) {
			throw new BodyError(400, `body is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
		}
		return parsed as unknown[]; // a document that starts with '[' and parses is an array
	}
	const items: unknown[] = [];
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		try {
			items.push(JSON.parse(line));
		} catch (error) {
			items.push(new UnparsableLine(line, `line is not valid JSON: ${(error as Error).message.slice(0, 200)}`));
		}
	}
	return items;
}

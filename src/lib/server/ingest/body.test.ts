import { describe, it, expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import { BodyError, UnparsableLine, parseEvents, readBody } from './body.ts';

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
	return new Request('http://x', { method: 'POST', body, headers });
}

async function bodyError(promise: Promise<unknown>): Promise<BodyError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(BodyError);
		return error as BodyError;
	}
	throw new Error('expected a BodyError');
}

function parseError(text: string): BodyError {
	try {
		parseEvents(text);
	} catch (error) {
		expect(error).toBeInstanceOf(BodyError);
		return error as BodyError;
	}
	throw new Error('expected a BodyError');
}

describe('parseEvents', () => {
	it('parses a JSON array', () => {
		expect(parseEvents('  [{"a":1},{"b":2}]\n')).toEqual([{ a: 1 }, { b: 2 }]);
	});

	it('parses NDJSON, skipping blank lines; a bad line becomes an UnparsableLine at its index', () => {
		const items = parseEvents('{"a":1}\n\n{"b":2\r\n{"c":3}\r\n');
		expect(items).toHaveLength(3);
		expect(items[0]).toEqual({ a: 1 });
		expect(items[1]).toBeInstanceOf(UnparsableLine);
		const bad = items[1] as UnparsableLine;
		expect(bad.text).toBe('{"b":2\r');
		expect(bad.message).toMatch(/^line is not valid JSON: /);
		expect(items[2]).toEqual({ c: 3 });
	});

	it.each([[''], ['   \n\t ']])('an empty body %j is a 400', (text) => {
		const error = parseError(text);
		expect(error.status).toBe(400);
		expect(error.message).toMatch(/empty/);
	});

	it('a body opening with [ that is not a valid JSON array is a 400', () => {
		const error = parseError('[1, 2');
		expect(error.status).toBe(400);
		expect(error.message).toMatch(/not valid JSON/);
	});

	it('a JSON object (not an array) is read as NDJSON: one event, or unparsable lines when pretty-printed', () => {
		expect(parseEvents('{"a":1}')).toEqual([{ a: 1 }]);
		const items = parseEvents('{\n  "a": 1\n}');
		expect(items).toHaveLength(3);
		expect(items.every((i) => i instanceof UnparsableLine)).toBe(true);
	});

	it('a bare JSON value that is not an object or array is one item, rejected later', () => {
		const items = parseEvents('42\n"x"');
		expect(items).toEqual([42, 'x']);
	});
});

describe('readBody', () => {
	const LIMIT = 1024;

	it('returns a plain body', async () => {
		const body = await readBody(post('[{"a":1}]'), LIMIT);
		expect(body.toString('utf8')).toBe('[{"a":1}]');
	});

	it('returns an empty buffer for no body', async () => {
		const body = await readBody(new Request('http://x', { method: 'POST' }), LIMIT);
		expect(body.length).toBe(0);
	});

	it('decodes gzip', async () => {
		const text = JSON.stringify([{ event_id: 'x', type: 'visit.screened' }]);
		const body = await readBody(post(gzipSync(text), { 'content-encoding': 'gzip' }), LIMIT);
		expect(body.toString('utf8')).toBe(text);
	});

	it('accepts the encoding name in any case', async () => {
		const body = await readBody(post(gzipSync('hello'), { 'content-encoding': 'GZIP' }), LIMIT);
		expect(body.toString('utf8')).toBe('hello');
	});

	it('a gzip bomb over the limit once decompressed is a 413', async () => {
		const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
		expect(bomb.length).toBeLessThan(LIMIT * 4);
		const error = await bodyError(readBody(post(bomb, { 'content-encoding': 'gzip' }), bomb.length + 10));
		expect(error.status).toBe(413);
		expect(error.message).toMatch(/decompressed/);
	});

	it('a declared content-length over the limit is a 413 before reading', async () => {
		const error = await bodyError(readBody(post('small', { 'content-length': String(LIMIT + 1) }), LIMIT));
		expect(error.status).toBe(413);
		expect(error.message).toContain(String(LIMIT + 1));
	});

	it('a streamed body over the limit is a 413', async () => {
		const error = await bodyError(readBody(post('x'.repeat(LIMIT + 1)), LIMIT));
		expect(error.status).toBe(413);
	});

	it('a body of exactly the limit is accepted', async () => {
		const body = await readBody(post('x'.repeat(LIMIT)), LIMIT);
		expect(body.length).toBe(LIMIT);
	});

	it('an unsupported content-encoding is a 415', async () => {
		const error = await bodyError(readBody(post('abc', { 'content-encoding': 'br' }), LIMIT));
		expect(error.status).toBe(415);
		expect(error.message).toMatch(/"br" is not supported/);
	});

	it('invalid gzip is a 400', async () => {
		const error = await bodyError(readBody(post('this is not gzip', { 'content-encoding': 'gzip' }), LIMIT));
		expect(error.status).toBe(400);
		expect(error.message).toMatch(/not valid gzip/);
	});

	it('truncated gzip is a 400', async () => {
		const gz = gzipSync('x'.repeat(500));
		const error = await bodyError(readBody(post(gz.subarray(0, gz.length - 6), { 'content-encoding': 'gzip' }), LIMIT));
		expect(error.status).toBe(400);
	});
});

describe('body edge cases', () => {
	it('drops a leading byte-order mark', () => {
		expect(parseEvents('\ufeff[{"a":1}]')).toEqual([{ a: 1 }]);
		expect(parseEvents('\ufeff{"a":1}\n{"b":2}')).toEqual([{ a: 1 }, { b: 2 }]);
	});

	it('accepts Content-Encoding x-gzip as gzip', async () => {
		const request = new Request('http://x/', { method: 'POST', body: new Uint8Array(gzipSync('[1]')), headers: { 'content-encoding': 'x-gzip' } });
		expect((await readBody(request, 1_000)).toString()).toBe('[1]');
	});
});

// static/openapi.yaml documents every endpoint under src/routes/api/v1: each +server.ts route (`[id]` → `{id}`) and
// each method it exports is a path and operation of the document, and every documented /api/v1 path and operation
// exists. So adding an endpoint without documenting it (or removing one and leaving its documentation) fails here.
// Also: the document parses, its local $refs resolve, path parameters are declared, and the read endpoints (those
// built with readEndpoint) document the shared parameters and errors.
//
// No YAML library is a dependency of this project (none is even installed transitively), so the document is read by
// parseYaml below: the block-style subset openapi.yaml is written in (mappings, sequences, plain / quoted scalars,
// one-line flow collections, `|` / `>` block scalars, comments). Anything outside that subset (anchors, aliases,
// tags, multi-line flow collections, tabs) is an error with its line number, never a silent misreading.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../..');
const API_DIR = join(ROOT, 'src/routes/api/v1');
const DOCUMENT = join(ROOT, 'static/openapi.yaml');

// -------------------------------------------------------------------------------------------------------------
// A YAML subset parser
// -------------------------------------------------------------------------------------------------------------

function parseYaml(text: string, name = 'yaml'): unknown {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	let i = 0;
	let current = 0; // the line being read, for messages
	const fail = (message: string, line = current): never => {
		throw new Error(`${name} line ${line + 1}: ${message}`);
	};
	const isBlank = (line: string) => /^\s*(#.*)?$/.test(line);
	const indentOf = (line: string) => {
		const m = /^( *)(\t)?/.exec(line)!;
		if (m[2]) fail('tab in indentation', lines.indexOf(line));
		return m[1].length;
	};
	const skipBlank = () => {
		while (i < lines.length && isBlank(lines[i])) i++;
	};
	const isSeqItem = (content: string) => content === '-' || content.startsWith('- ');

	/** The value without a trailing comment (a # after whitespace, outside quotes). */
	function stripComment(value: string): string {
		let quote: string | null = null;
		for (let k = 0; k < value.length; k++) {
			const c = value[k];
			if (quote) {
				if (c === quote) {
					if (quote === "'" && value[k + 1] === "'") k++;
					else quote = null;
				} else if (c === '\\' && quote === '"') k++;
			} else if (c === "'" || c === '"') {
				if (k === 0 || /[\s[{,:]/.test(value[k - 1])) quote = c;
			} else if (c === '#' && (k === 0 || /\s/.test(value[k - 1]))) return value.slice(0, k).trimEnd();
		}
		if (quote) fail('unterminated quoted string');
		return value.trimEnd();
	}

	function quoted(value: string): string {
		if (value[0] === "'") {
			if (!value.endsWith("'") || value.length < 2) fail(`bad single-quoted string ${value}`);
			return value.slice(1, -1).replaceAll("''", "'");
		}
		try {
			return JSON.parse(value) as string;
		} catch {
			return fail(`bad double-quoted string ${value}`);
		}
	}

	function plain(value: string): unknown {
		if (/^[&*!]/.test(value) || value.startsWith('%') || value === '---') fail(`unsupported YAML (anchor, alias, tag or directive): ${value}`);
		if (value === 'true') return true;
		if (value === 'false') return false;
		if (value === 'null' || value === '~') return null;
		if (/^-?(0|[1-9][0-9]*)$/.test(value)) return Number(value);
		if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(value)) return Number(value);
		return value;
	}

	function scalar(value: string): unknown {
		return value[0] === "'" || value[0] === '"' ? quoted(value) : plain(value);
	}

	/** One-line flow collections: [a, 'b', {c: d}], {a: b, c: [d]}. */
	function flow(value: string): unknown {
		let k = 0;
		const space = () => {
			while (value[k] === ' ') k++;
		};
		function item(stops: string): unknown {
			space();
			const c = value[k];
			if (c === '[' || c === '{') return collection();
			if (c === "'" || c === '"') {
				const start = k++;
				while (k < value.length) {
					if (value[k] === c) {
						if (c === "'" && value[k + 1] === "'") k += 2;
						else break;
					} else k += value[k] === '\\' && c === '"' ? 2 : 1;
				}
				if (k >= value.length) fail('unterminated quoted string in a flow collection');
				k++;
				return quoted(value.slice(start, k));
			}
			const start = k;
			while (k < value.length && !stops.includes(value[k]) && !(value[k] === ':' && (value[k + 1] === ' ' || stops.includes(value[k + 1] ?? '')))) k++;
			return plain(value.slice(start, k).trim());
		}
		function collection(): unknown {
			const open = value[k++];
			const close = open === '[' ? ']' : '}';
			const out: unknown[] | Record<string, unknown> = open === '[' ? [] : {};
			space();
			if (value[k] === close) {
				k++;
				return out;
			}
			for (;;) {
				if (Array.isArray(out)) out.push(item(',]'));
				else {
					const key = item(',}:');
					space();
					if (value[k] !== ':') fail(`expected ":" in a flow mapping: ${value}`);
					k++;
					out[String(key)] = item(',}');
				}
				space();
				if (value[k] === ',') {
					k++;
					continue;
				}
				if (value[k] === close) {
					k++;
					return out;
				}
				return fail(`unterminated flow collection (one line only): ${value}`);
			}
		}
		const result = collection();
		space();
		if (k !== value.length) fail(`text after a flow collection: ${value}`);
		return result;
	}

	function blockScalar(header: string, parentIndent: number): string {
		const chomp = header[1] ?? '';
		const body: string[] = [];
		let blockIndent = -1;
		while (i < lines.length) {
			const line = lines[i];
			if (/^\s*$/.test(line)) {
				body.push('');
				i++;
				continue;
			}
			const indent = indentOf(line);
			if (indent <= parentIndent) break;
			current = i;
			if (blockIndent < 0) blockIndent = indent;
			if (indent < blockIndent) fail('block scalar line less indented than its first line');
			body.push(line.slice(blockIndent));
			i++;
		}
		while (body.length && body[body.length - 1] === '' && chomp !== '+') body.pop();
		let textOut = header[0] === '>' ? body.join('\n').replace(/([^\n])\n(?=[^\n ])/g, '$1 ') : body.join('\n');
		if (chomp !== '-' && body.length) textOut += '\n';
		return textOut;
	}

	function value(rest: string, indent: number): unknown {
		const v = stripComment(rest).trim();
		if (v === '') {
			skipBlank();
			if (i >= lines.length) return null;
			const next = indentOf(lines[i]);
			if (next > indent) return node(next);
			if (next === indent && isSeqItem(lines[i].slice(next))) return sequence(next);
			return null;
		}
		if (/^[|>][-+]?$/.test(v)) return blockScalar(v, indent);
		if (v[0] === '[' || v[0] === '{') return flow(v);
		return scalar(v);
	}

	function splitKey(content: string): { key: string; rest: string } | null {
		if (content[0] === "'" || content[0] === '"') {
			const m = content[0] === "'" ? /^'((?:[^']|'')*)'\s*:(?:\s+|$)/.exec(content) : /^"((?:[^"\\]|\\.)*)"\s*:(?:\s+|$)/.exec(content);
			if (!m) return null;
			return { key: String(quoted(content.slice(0, m[0].indexOf(content[0], 1) + 1))), rest: content.slice(m[0].length) };
		}
		const m = /^([^#\s][^:]*?|[^#\s][^\n]*?[^\s]):(?:\s+|$)/.exec(content);
		if (!m || m[1].includes(': ')) return null;
		return { key: m[1], rest: content.slice(m[0].length) };
	}

	function mapping(indent: number): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		for (;;) {
			skipBlank();
			if (i >= lines.length) return out;
			const at = indentOf(lines[i]);
			if (at < indent) return out;
			if (at > indent) fail('unexpected indentation');
			const content = lines[i].slice(at);
			if (isSeqItem(content)) return out;
			current = i;
			const kv = splitKey(content) ?? fail(`expected "key: value", got ${content.slice(0, 40)}`);
			if (Object.hasOwn(out, kv.key)) fail(`duplicate key ${kv.key}`);
			i++;
			out[kv.key] = value(kv.rest, indent);
		}
	}

	function sequence(indent: number): unknown[] {
		const out: unknown[] = [];
		for (;;) {
			skipBlank();
			if (i >= lines.length) return out;
			const at = indentOf(lines[i]);
			if (at < indent) return out;
			if (at > indent) fail('unexpected indentation in a sequence');
			const content = lines[i].slice(at);
			if (!isSeqItem(content)) return out;
			current = i;
			const rest = content.slice(1).trimStart();
			const column = at + (content.length - rest.length);
			if (rest === '' || rest.startsWith('#')) {
				i++;
				out.push(value('', at));
			} else if (splitKey(rest) && !/^[[{'"]/.test(rest)) {
				lines[i] = ' '.repeat(column) + rest; // a mapping that starts on the item's line
				out.push(mapping(column));
			} else {
				i++;
				out.push(value(rest, at));
			}
		}
	}

	function node(indent: number): unknown {
		skipBlank();
		const content = lines[i].slice(indent);
		return isSeqItem(content) ? sequence(indent) : mapping(indent);
	}

	skipBlank();
	if (i >= lines.length) return null;
	const top = node(indentOf(lines[i]));
	skipBlank();
	if (i < lines.length) fail('unexpected text at the top level');
	return top;
}

// -------------------------------------------------------------------------------------------------------------
// Routes
// -------------------------------------------------------------------------------------------------------------

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

interface Route {
	file: string;
	/** OpenAPI path: /api/v1/alerts/{id}. */
	path: string;
	methods: string[];
	source: string;
}

function routes(dir = API_DIR): Route[] {
	const out: Route[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...routes(full));
		else if (entry.name === '+server.ts' || entry.name === '+server.js') {
			const rel = relative(API_DIR, dir).split(sep).filter(Boolean);
			const segments = rel
				.filter((s) => !/^\(.*\)$/.test(s)) // (group) directories are not part of the URL
				.map((s) => {
					if (/^\[\[.*\]\]$/.test(s)) throw new Error(`${full}: optional parameters ([[x]]) cannot be one OpenAPI path; document both paths and extend this test`);
					const m = /^\[(?:\.\.\.)?([A-Za-z_][A-Za-z0-9_]*)(?:=[A-Za-z0-9_]+)?\]$/.exec(s);
					if (s.includes('[') && !m) throw new Error(`${full}: route segment ${s} is not a plain [param]`);
					return m ? `{${m[1]}}` : s;
				});
			const source = readFileSync(full, 'utf8');
			const methods = METHODS.filter((m) => new RegExp(`export\\s+(const|let|var|async\\s+function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b[^}]*\\}`).test(source));
			out.push({ file: relative(ROOT, full), path: ['/api/v1', ...segments].join('/'), methods, source });
		}
	}
	return out.sort((a, b) => a.path.localeCompare(b.path));
}

// -------------------------------------------------------------------------------------------------------------
// The document
// -------------------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
interface Operation {
	operationId?: string;
	parameters?: Json[];
	responses?: Record<string, unknown>;
	security?: unknown[];
}

const doc = parseYaml(readFileSync(DOCUMENT, 'utf8'), 'static/openapi.yaml') as Json & { paths: Record<string, Record<string, Operation>>; components: Json };
const HTTP = new Set(METHODS.map((m) => m.toLowerCase()));

function resolve(ref: string): unknown {
	if (!ref.startsWith('#/')) throw new Error(`only local $refs are used in this document: ${ref}`);
	let at: unknown = doc;
	for (const part of ref.slice(2).split('/')) {
		const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
		if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
		at = (at as Json)[key];
	}
	return at;
}
const deref = (x: Json): Json => (typeof x.$ref === 'string' ? (resolve(x.$ref) as Json) : x);
const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([m]) => HTTP.has(m)).map(([method, op]) => ({ path, method, op, item })));
const parametersOf = (item: Record<string, unknown>, op: Operation) => [...((item.parameters as Json[] | undefined) ?? []), ...(op.parameters ?? [])].map(deref);

describe('parseYaml (the subset openapi.yaml uses)', () => {
	it('reads mappings, sequences, scalars, flow collections, block scalars and comments', () => {
		const parsed = parseYaml(
			[
				'a: 1 # a comment',
				"b: 'it''s: #not a comment'",
				'c: "x\\ty"',
				'd: [1, two, \'3\', {e: f, g: [h]}]',
				'empty: []',
				'list:',
				'  - plain',
				'  - k: v',
				'    k2: v2',
				'  - [x]',
				'same-indent:',
				'- one',
				'text: |',
				'  line 1',
				'',
				'    indented',
				'folded: >-',
				'  a',
				'  b',
				"'200':",
				'  n: null',
				'  t: true',
				'  v: 0.0.4',
				'  f: -1.5'
			].join('\n')
		);
		expect(parsed).toEqual({
			a: 1,
			b: "it's: #not a comment",
			c: 'x\ty',
			d: [1, 'two', '3', { e: 'f', g: ['h'] }],
			empty: [],
			list: ['plain', { k: 'v', k2: 'v2' }, ['x']],
			'same-indent': ['one'],
			text: 'line 1\n\n  indented\n',
			folded: 'a b',
			'200': { n: null, t: true, v: '0.0.4', f: -1.5 }
		});
	});

	it('refuses what it does not read', () => {
		expect(() => parseYaml('a: &x 1')).toThrow(/anchor/);
		expect(() => parseYaml('a: [1,\n  2]')).toThrow(/line 1: unterminated flow collection/);
		expect(() => parseYaml('a: 1\na: 2')).toThrow(/line 2: duplicate key a/);
		expect(() => parseYaml('a:\n\tb: 1')).toThrow(/tab/);
	});
});

describe('static/openapi.yaml', () => {
	const found = routes();

	it('is an OpenAPI 3.1 document', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(found.length).toBeGreaterThan(20);
	});

	it('documents every route under src/routes/api/v1 and each of its methods', () => {
		const undocumented = found.flatMap((r) => r.methods.filter((m) => !doc.paths[r.path]?.[m.toLowerCase()]).map((m) => `${m} ${r.path} (${r.file})`));
		expect(undocumented, 'add these to static/openapi.yaml').toEqual([]);
		for (const r of found) expect(r.methods.length, `${r.file} exports no HTTP method`).toBeGreaterThan(0);
	});

	it('documents no /api/v1 path or method that does not exist', () => {
		const byPath = new Map(found.map((r) => [r.path, r]));
		const stale = Object.entries(doc.paths)
			.filter(([path]) => path.startsWith('/api/v1/') || path === '/api/v1')
			.flatMap(([path, item]) => {
				const route = byPath.get(path);
				if (!route) return [`${path} (no +server.ts)`];
				return Object.keys(item)
					.filter((m) => HTTP.has(m) && !route.methods.includes(m.toUpperCase()))
					.map((m) => `${m.toUpperCase()} ${path} (not exported by ${route.file})`);
			});
		expect(stale, 'remove these from static/openapi.yaml, or add the endpoint').toEqual([]);
	});

	it('declares the path parameters of every templated path', () => {
		for (const { path, method, op, item } of operations()) {
			const declared = parametersOf(item, op)
				.filter((p) => p.in === 'path')
				.map((p) => p.name)
				.sort();
			const template = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
			expect(declared, `${method.toUpperCase()} ${path}`).toEqual(template);
			for (const p of parametersOf(item, op).filter((p) => p.in === 'path')) expect(p.required, `${path}: path parameter ${p.name} must be required`).toBe(true);
		}
	});

	it('resolves every $ref', () => {
		const refs: string[] = [];
		const walk = (x: unknown) => {
			if (Array.isArray(x)) x.forEach(walk);
			else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) k === '$ref' && typeof v === 'string' ? refs.push(v) : walk(v);
		};
		walk(doc);
		expect(refs.length).toBeGreaterThan(50);
		expect(refs.filter((r) => resolve(r) === undefined)).toEqual([]);
	});

	it('gives every operation a unique operationId, a summary and responses', () => {
		const ids = operations().map(({ op }) => op.operationId);
		expect(ids.filter((id) => typeof id !== 'string')).toEqual([]);
		expect(new Set(ids).size).toBe(ids.length);
		for (const { path, method, op } of operations()) {
			expect(Object.keys(op.responses ?? {}).length, `${method} ${path}: responses`).toBeGreaterThan(0);
			expect(typeof (op as Json).summary, `${method} ${path}: summary`).toBe('string');
		}
	});

	it('documents the shared parameters, errors and session of every read endpoint (readEndpoint)', () => {
		const reads = found.filter((r) => r.source.includes('readEndpoint('));
		expect(reads.length).toBeGreaterThan(20);
		for (const r of reads) {
			const item = doc.paths[r.path];
			const op = item.get;
			const names = parametersOf(item, op).map((p) => p.name);
			expect(names, `GET ${r.path}`).toEqual(expect.arrayContaining(['scope', 'asOf', 'format', 'table']));
			expect(Object.keys(op.responses ?? {}), `GET ${r.path}`).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
			expect(op.security ?? doc.security, `GET ${r.path}: security`).toEqual(expect.arrayContaining([{ sessionCookie: [] }]));
			// The 200 has a JSON schema and the CSV export.
			const ok = deref(op.responses!['200'] as Json) as { content?: Record<string, { schema?: unknown }> };
			expect(Object.keys(ok.content ?? {}), `GET ${r.path}`).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
			expect(ok.content!['application/json'].schema, `GET ${r.path}: JSON schema`).toBeTruthy();
			// A scope restricted in code (readEndpoint's levels: […]) is restricted in the document (x-mcc-levels).
			const levels = /levels:\s*\[([^\]]*)\]/.exec(r.source)?.[1].match(/'(\w+)'/g)?.map((s) => s.slice(1, -1)) ?? ['national', 'province', 'district', 'site'];
			const scope = parametersOf(item, op).find((p) => p.name === 'scope')!;
			expect((scope.schema as Json)['x-mcc-levels'], `GET ${r.path}: scope levels`).toEqual(levels);
		}
	});
});

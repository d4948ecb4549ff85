// One code path for both modes: @clickhouse/client over HTTP to a server, or over the in-process chdb engine.
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { mkdirSync } from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '../config.ts';

export type { ClickHouseClient };

export async function openClickHouse(config: Config['clickhouse']): Promise<ClickHouseClient> {
	if (config.mode === 'server') {
		return createClient({
			url: config.url,
			username: config.username,
			password: config.password,
			database: config.database,
			request_timeout: 60_000,
			clickhouse_settings: { date_time_input_format: 'best_effort' }
		});
	}
	mkdirSync(config.path, { recursive: true });
	// Loaded lazily: a server deployment never loads the embedded engine.
	const { createChdbConnection } = await import('chdb/connection');
	// One engine session runs one call at a time (a read waits for the insert before it to end), but sessions of one
	// process share the engine and its data: one session for writes and one per read lane run at the same time.
	const sessions: EngineConnection[] = [];
	try {
		for (let i = 0; i < WRITE_SESSIONS + READ_SESSIONS; i++) sessions.push(createChdbConnection({ path: config.path }) as unknown as EngineConnection);
	} catch (error) {
		await Promise.all(sessions.map((s) => s.close()));
		throw new Error(
			`cannot open the embedded ClickHouse engine in ${config.path}: ${(error as Error).message}. ` +
				'Only one process may open a data directory: stop the other MCC process using it, set DATA_DIR to another ' +
				'directory, or set CLICKHOUSE_URL to a ClickHouse server.',
			{ cause: error }
		);
	}
	return createClient({
		connection: inLanes({ writes: sessions.slice(0, WRITE_SESSIONS), reads: sessions.slice(WRITE_SESSIONS) }),
		clickhouse_settings: { date_time_input_format: 'best_effort' }
	} as unknown as Parameters<typeof createClient>[0]);
}

/**
 * Reads at once in the embedded engine: the machine's two cores (a read also uses both when alone). Writes one at a
 * time: a second write session (two jobs' inserts at once) made bench:live slower at 1,000 events/s (p95 3.1 s vs 2.6).
 * Measured since: a quiet engine takes as long for a screen's queries over 1, 2 or 3 read sessions (most of a small
 * query is planning, which does not overlap); bench:live at 10,000 events/s could not tell 1 from 2 apart.
 */
const READ_SESSIONS = 2;
const WRITE_SESSIONS = 1;

interface EngineConnection {
	query(params: { query: string }): Promise<unknown>;
	exec(params: { query: string }): Promise<unknown>;
	command(params: { query: string }): Promise<unknown>;
	insert(params: unknown): Promise<unknown>;
	close(): Promise<unknown>;
	[other: string]: unknown;
}

const priority = new AsyncLocalStorage<number>();
/** The lanes' order when nothing says otherwise (see withPriority). */
export const DEFAULT_PRIORITY = 2;

/**
 * Embedded engine: calls made inside `fn` wait in the lanes ahead of calls of a larger number (the default is 2); the
 * live hub computes the national wall at 0 and the province screens at 1, so they do not queue behind site screens,
 * alert passes or page loads.
 */
export function withPriority<T>(level: number, fn: () => Promise<T>): Promise<T> {
	return priority.run(level, fn);
}

/** Runs at most `size` tasks at once, the others by priority (see withPriority), then in arrival order. */
export class Lane {
	#running = 0;
	readonly #waiting: { level: number; start: () => void }[] = [];
	readonly size: number;
	constructor(size: number) {
		this.size = size;
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.#running >= this.size) {
			const level = priority.getStore() ?? DEFAULT_PRIORITY;
			await new Promise<void>((start) => this.#waiting.push({ level, start }));
		}
		this.#running++;
		try {
			return await task();
		} finally {
			this.#running--;
			this.#next();
		}
	}

	#next(): void {
		if (this.#waiting.length === 0) return;
		let best = 0;
		for (let i = 1; i < this.#waiting.length; i++) if (this.#waiting[i].level < this.#waiting[best].level) best = i;
		this.#waiting.splice(best, 1)[0].start();
	}

	get queued(): number {
		return this.#waiting.length;
	}
}

const READ = /^\s*(\(\s*)*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXISTS|EXPLAIN)\b/i;

/**
 * The embedded engine runs every call of this process, and one engine session runs one call at a time: a screen's
 * query on the session of the worker's inserts waits behind every insert in flight (each through its views: seconds
 * at 10,000 events/s). Writes (inserts, DDL) run on the write sessions and reads on the read sessions, one call per
 * session at a time, each pool by priority then arrival: a read never waits for a write.
 */
export function inLanes<C extends EngineConnection>(sessions: { writes: C[]; reads: C[] }): C {
	/** A lane as wide as its sessions: each call it starts takes a session no other call holds. */
	const pool = (members: C[]) => {
		const lane = new Lane(members.length);
		const idle = [...members];
		return <T>(call: (session: C) => Promise<T>) =>
			lane.run(async () => {
				const session = idle.pop()!;
				try {
					return await call(session);
				} finally {
					idle.push(session);
				}
			});
	};
	const onRead = pool(sessions.reads);
	const onWrite = pool(sessions.writes);
	const all = [...sessions.writes, ...sessions.reads];
	return new Proxy(sessions.writes[0], {
		get(target, name, receiver) {
			if (name === 'insert') return (params: unknown) => onWrite((s) => s.insert(params));
			if (name === 'query' || name === 'exec' || name === 'command') {
				return (params: { query: string }) => (READ.test(params.query) ? onRead : onWrite)((s) => (s[name] as (p: unknown) => Promise<unknown>).call(s, params));
			}
			if (name === 'close') return async () => void (await Promise.all(all.map((s) => s.close())));
			const value = Reflect.get(target, name, receiver);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

/** Rows of a SELECT, typed by the caller's query file. */
export async function selectRows<T>(
	client: ClickHouseClient,
	query: string,
	params: Record<string, unknown> = {}
): Promise<T[]> {
	const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
	return result.json<T>();
}

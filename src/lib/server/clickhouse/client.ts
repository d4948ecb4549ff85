// One code path for both modes: @clickhouse/client over HTTP to a server, or over the in-process chdb engine.
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { mkdirSync } from 'node:fs';
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
	let connection;
	try {
		connection = createChdbConnection({ path: config.path });
	} catch (error) {
		throw new Error(
			`cannot open the embedded ClickHouse engine in ${config.path}: ${(error as Error).message}. ` +
				'Only one process may open a data directory: stop the other MCC process using it, set DATA_DIR to another ' +
				'directory, or set CLICKHOUSE_URL to a ClickHouse server.',
			{ cause: error }
		);
	}
	return createClient({
		connection: inLanes(connection as unknown as EngineConnection),
		clickhouse_settings: { date_time_input_format: 'best_effort' }
	} as unknown as Parameters<typeof createClient>[0]);
}

interface EngineConnection {
	query(params: { query: string }): Promise<unknown>;
	exec(params: { query: string }): Promise<unknown>;
	command(params: { query: string }): Promise<unknown>;
	insert(params: unknown): Promise<unknown>;
	[other: string]: unknown;
}

/** Runs at most `size` tasks at once, the others in arrival order. */
export class Lane {
	#running = 0;
	readonly #waiting: (() => void)[] = [];
	readonly size: number;
	constructor(size: number) {
		this.size = size;
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.#running >= this.size) await new Promise<void>((resolve) => this.#waiting.push(resolve));
		this.#running++;
		try {
			return await task();
		} finally {
			this.#running--;
			this.#waiting.shift()?.();
		}
	}

	get queued(): number {
		return this.#waiting.length;
	}
}

const READ = /^\s*(\(\s*)*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXISTS|EXPLAIN)\b/i;

/**
 * The embedded engine runs every call of this process; without a gate a screen's query waits behind every insert the
 * worker has in flight (8 jobs × 5 tables, each through its views: tens of seconds at 10,000 events/s). Writes
 * (inserts, DDL) go one at a time, reads two at a time, each lane in arrival order: a read waits for at most one write.
 */
export function inLanes<C extends EngineConnection>(connection: C, lanes = { read: new Lane(2), write: new Lane(1) }): C {
	const laneOf = (query: string) => (READ.test(query) ? lanes.read : lanes.write);
	return new Proxy(connection, {
		get(target, name, receiver) {
			const value = Reflect.get(target, name, receiver);
			if (name === 'insert') return (params: unknown) => lanes.write.run(() => target.insert(params));
			if (name === 'query' || name === 'exec' || name === 'command') {
				return (params: { query: string }) => laneOf(params.query).run(() => (value as (p: unknown) => Promise<unknown>).call(target, params));
			}
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

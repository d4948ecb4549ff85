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
		connection,
		clickhouse_settings: { date_time_input_format: 'best_effort' }
	} as Parameters<typeof createClient>[0]);
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

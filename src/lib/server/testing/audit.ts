// Test-only witnesses of double inserts. The raw tables are ReplacingMergeTree (a safety net that merges
// duplicates away in the background), so counting them could hide a duplicate insert. A plain MergeTree copy fed
// by a materialized view keeps every inserted row, exactly as a rollup would count it. Like every rollup target,
// it keeps a de-duplication window, so a retried insert (same token) is not counted twice there either.
import type { ClickHouseClient } from '../clickhouse/client.ts';

export const AUDITED = ['raw_visit', 'raw_stock', 'raw_coldchain', 'raw_verification', 'raw_registration'];

export async function installAudit(client: ClickHouseClient): Promise<void> {
	for (const table of AUDITED) {
		await client.command({ query: `CREATE TABLE IF NOT EXISTS audit_${table} (event_id UUID) ENGINE = MergeTree ORDER BY tuple() SETTINGS non_replicated_deduplication_window = 10000` });
		await client.command({ query: `CREATE MATERIALIZED VIEW IF NOT EXISTS audit_${table}_mv TO audit_${table} AS SELECT event_id FROM ${table}` });
	}
}

/** Every row inserted into the raw tables, duplicates included. */
export async function auditedRows(client: ClickHouseClient): Promise<{ rows: number; distinct: number }> {
	const union = AUDITED.map((t) => `SELECT event_id FROM audit_${t}`).join(' UNION ALL ');
	const [row] = await (
		await client.query({ query: `SELECT count() AS rows, uniqExact(event_id) AS distinct FROM (${union})`, format: 'JSONEachRow' })
	).json<{ rows: string; distinct: string }>();
	return { rows: Number(row.rows), distinct: Number(row.distinct) };
}

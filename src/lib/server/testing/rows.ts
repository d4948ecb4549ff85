// Hand-made events loaded straight into the raw tables (no HTTP, no queue), for query tests.
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { prepareBatch } from '../ingest/batch.ts';

let n = 0;

/** A visit.injected event at `occurred_at` with a fresh event id. */
export function injectedEvent(occurred_at: string) {
	n++;
	return {
		event_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
		type: 'visit.injected',
		occurred_at,
		visit_id: `V${n}`,
		citizen_id: '001234567890',
		vaccine: 'AZ',
		lot_number: 'L1',
		dose_number: 1,
		table_no: 1
	};
}

/** Validates the events as a facility key of `provinceCode` would, and inserts their rows. */
export async function loadEvents(client: ClickHouseClient, events: unknown[], provinceCode: string): Promise<void> {
	const batch = prepareBatch(events, { kind: 'facility', keyId: 'k', facilityId: `S-${provinceCode}`, provinceCode }, { now: Date.now(), secret: 's'.repeat(32), maxFutureSkewMs: 600_000 });
	if (batch.rejections.length > 0) throw new Error(`test events rejected: ${JSON.stringify(batch.rejections)}`);
	for (const [table, rows] of Object.entries(batch.tables)) {
		// A token of its own: in embedded mode the last insert's token stays in force and would make this a "retry".
		const result = await client.exec({
			query: `INSERT INTO ${table} FORMAT JSONEachRow`,
			values: Readable.from([rows.lines.join('\n')]),
			clickhouse_settings: { insert_deduplication_token: randomUUID() }
		});
		result.stream.resume();
		await new Promise((r) => result.stream.on('end', r));
	}
}

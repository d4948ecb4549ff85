// Doses per province on the latest local day, against the real engine on hand-made rows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { openDataDir, tempDataDir } from '../testing/server.ts';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { prepareBatch } from '../ingest/batch.ts';
import { provinceDosesLatestDay } from './province-doses-latest-day.ts';

let client: ClickHouseClient;
beforeAll(async () => {
	client = await openDataDir(tempDataDir());
});
afterAll(async () => client?.close());

let n = 0;
const injected = (occurred_at: string) => ({
	event_id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
	type: 'visit.injected',
	occurred_at,
	visit_id: `V${n}`,
	citizen_id: '001234567890',
	vaccine: 'AZ',
	lot_number: 'L1',
	dose_number: 1,
	table_no: 1
});

async function load(events: unknown[], provinceCode: string): Promise<void> {
	const batch = prepareBatch(events, { kind: 'facility', keyId: 'k', facilityId: `S-${provinceCode}`, provinceCode }, { now: Date.now(), secret: 's'.repeat(32), maxFutureSkewMs: 600_000 });
	for (const [table, rows] of Object.entries(batch.tables)) {
		const result = await client.exec({ query: `INSERT INTO ${table} FORMAT JSONEachRow`, values: Readable.from([rows.lines.join('\n')]) });
		result.stream.resume();
		await new Promise((r) => result.stream.on('end', r));
	}
}

it('counts each province’s doses on the latest local day only, largest first', async () => {
	expect(await provinceDosesLatestDay(client)).toEqual([]);
	await load([injected('2021-09-02T08:00:00+07:00'), injected('2021-09-02T00:10:00+07:00'), injected('2021-09-01T23:50:00+07:00')], '01');
	await load([injected('2021-09-02T09:00:00+07:00'), injected('2021-09-02T10:00:00+07:00'), injected('2021-09-02T11:00:00+07:00')], '79');
	await load([injected('2021-09-01T09:00:00+07:00')], '48');
	// 2 September in Viet Nam: Hà Nội 2 (not the 23:50 of the 1st), TP HCM 3, Đà Nẵng none.
	expect(await provinceDosesLatestDay(client)).toEqual([
		{ code: '79', doses: 3 },
		{ code: '01', doses: 2 }
	]);
	expect(await provinceDosesLatestDay(client, 1)).toEqual([{ code: '79', doses: 3 }]);
});

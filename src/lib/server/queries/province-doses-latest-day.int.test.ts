// Doses per province on the latest local day, against the real engine on hand-made rows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDataDir, tempDataDir } from '../testing/server.ts';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { injectedEvent as injected, loadEvents } from '../testing/rows.ts';
import { provinceDosesLatestDay } from './province-doses-latest-day.ts';

let client: ClickHouseClient;
beforeAll(async () => {
	client = await openDataDir(tempDataDir());
});
afterAll(async () => client?.close());

it('counts each province’s doses on the latest local day only, largest first', async () => {
	expect(await provinceDosesLatestDay(client)).toEqual([]);
	await loadEvents(client, [injected('2021-09-02T08:00:00+07:00'), injected('2021-09-02T00:10:00+07:00'), injected('2021-09-01T23:50:00+07:00')], '01');
	await loadEvents(client, [injected('2021-09-02T09:00:00+07:00'), injected('2021-09-02T10:00:00+07:00'), injected('2021-09-02T11:00:00+07:00')], '79');
	await loadEvents(client, [injected('2021-09-01T09:00:00+07:00')], '48');
	// 2 September in Viet Nam: Hà Nội 2 (not the 23:50 of the 1st), TP HCM 3, Đà Nẵng none.
	expect(await provinceDosesLatestDay(client)).toEqual([
		{ code: '79', doses: 3 },
		{ code: '01', doses: 2 }
	]);
	expect(await provinceDosesLatestDay(client, 1)).toEqual([{ code: '79', doses: 3 }]);
});

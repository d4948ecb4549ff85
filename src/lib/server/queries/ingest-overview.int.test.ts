// The overview query against the real engine, on hand-made rows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDataDir, tempDataDir } from '../testing/server.ts';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { injectedEvent as injected, loadEvents } from '../testing/rows.ts';
import { ingestOverview } from './ingest-overview.ts';

let client: ClickHouseClient;
beforeAll(async () => {
	client = await openDataDir(tempDataDir());
});
afterAll(async () => client?.close());

it('is empty on an empty campaign', async () => {
	expect(await ingestOverview(client)).toMatchObject({ dosesTotal: 0, latestDay: null, dosesLatestDay: 0, provincesReporting: 0, eventsLastMinute: 0 });
});

it('counts doses, the latest local day (UTC+7) and the provinces reporting', async () => {
	// 00:30 on 2 September in Viet Nam is still 1 September in UTC: it belongs to the 2nd.
	await loadEvents(client, [injected('2021-09-01T08:00:00+07:00'), injected('2021-09-01T23:59:00+07:00'), injected('2021-09-01T17:30:00Z')], '01');
	await loadEvents(client, [injected('2021-09-02T09:00:00+07:00'), injected('2021-09-01T10:00:00+07:00')], '79');
	const overview = await ingestOverview(client);
	expect(overview).toMatchObject({ dosesTotal: 5, latestDay: '2021-09-02', dosesLatestDay: 2, provincesReporting: 2, eventsLastMinute: 5 });
	expect(overview.latestEventAt).toBe(Date.parse('2021-09-02T09:00:00+07:00'));
	expect(Date.now() - overview.latestIngestAt!).toBeLessThan(60_000);
});

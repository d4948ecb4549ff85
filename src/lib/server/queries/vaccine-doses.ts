// How many doses each vaccine's primary series has, by vaccine code, for the coverage queries: passed to them as a
// Map parameter, which on this engine costs far less than joining ref_vaccine in every query. Reference data
// changes rarely (an import), so it is read at most once a minute per client.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';

const SQL = `SELECT code, primary_doses FROM ref_vaccine FINAL WHERE deleted = 0`;
const TTL_MS = 60_000;
const cache = new WeakMap<ClickHouseClient, { at: number; value: Promise<Record<string, number>> }>();

export function primaryDoses(client: ClickHouseClient, now = Date.now()): Promise<Record<string, number>> {
	const hit = cache.get(client);
	if (hit && now - hit.at < TTL_MS) return hit.value;
	const value = selectRows<{ code: string; primary_doses: number }>(client, SQL).then((rows) => {
		// No reference yet (a first start still seeding it): not kept, the next call reads again.
		if (rows.length === 0) cache.delete(client);
		return Object.fromEntries(rows.map((r) => [r.code, Number(r.primary_doses)]));
	});
	// Nor is a failed read.
	value.catch(() => cache.delete(client));
	cache.set(client, { at: now, value });
	return value;
}

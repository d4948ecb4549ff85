import { Readable } from 'node:stream';
import { openDataDir, tempDataDir } from '/work/main/src/lib/server/testing/server.ts';
import { prepareBatch } from '/work/main/src/lib/server/ingest/batch.ts';
import { sampleEvents } from '/work/main/src/lib/events/sample.ts';
const ch = await openDataDir(tempDataDir());
const events = sampleEvents(20000, { seed: 1, start: Date.UTC(2021, 8, 1), spanMs: 29 * 86400000 });
const b = prepareBatch(events, { kind: 'facility', keyId: 'b', facilityId: 'S', provinceCode: '01' }, { now: Date.now(), secret: 'x'.repeat(32), maxFutureSkewMs: 6e5 });
const lines = b.tables.raw_visit.lines; const body = lines.join('\n');
await ch.command({ query: 'CREATE TABLE plain AS raw_visit ENGINE = MergeTree ORDER BY (province_code, facility_id, occurred_at, event_id)' });
await ch.command({ query: 'CREATE TABLE nopart AS raw_visit ENGINE = ReplacingMergeTree ORDER BY (province_code, facility_id, occurred_at, event_id)' });
await ch.command({ query: 'CREATE TABLE memory AS raw_visit ENGINE = Memory' });
async function run(label: string, table: string, settings: Record<string, unknown> = {}) {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = await ch.exec({ query: `INSERT INTO ${table} FORMAT JSONEachRow`, values: Readable.from([body]), clickhouse_settings: { ...settings, ...(settings.insert_deduplication_token ? { insert_deduplication_token: 'x' + Math.random() } : {}) } as any });
    r.stream.resume(); await new Promise(res => r.stream.on('end', res));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(label.padEnd(40), 'median ms', times[3].toFixed(0), 'rows/s', Math.round(lines.length / times[3] * 1000));
}
for (let k = 0; k < 2; k++) {
await run('raw_visit default', 'raw_visit');
await run('raw_visit token', 'raw_visit', { insert_deduplicate: 1, insert_deduplication_token: 1 });
await run('raw_visit token+mv', 'raw_visit', { insert_deduplicate: 1, insert_deduplication_token: 1, deduplicate_blocks_in_dependent_materialized_views: 1 });
await run('raw_visit no dedup', 'raw_visit', { insert_deduplicate: 0 });
}
await ch.close(); process.exit(0);

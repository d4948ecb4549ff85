import { Readable } from 'node:stream';
import { openDataDir, tempDataDir } from '/work/main/src/lib/server/testing/server.ts';
import { prepareBatch } from '/work/main/src/lib/server/ingest/batch.ts';
import { sampleEvents } from '/work/main/src/lib/events/sample.ts';
const ch = await openDataDir(tempDataDir());
const events = sampleEvents(20000, { seed: 1, start: Date.UTC(2021, 8, 1), spanMs: 29 * 86400000 });
const b = prepareBatch(events, { kind: 'facility', keyId: 'b', facilityId: 'S', provinceCode: '01' }, { now: Date.now(), secret: 'x'.repeat(32), maxFutureSkewMs: 6e5 });
const lines = b.tables.raw_visit.lines;
const cols = (await (await ch.query({ query: "SELECT name, type FROM system.columns WHERE table='raw_visit' AND database=currentDatabase() ORDER BY position", format: 'JSONEachRow' })).json<{name:string,type:string}>());
const objs = lines.map(l => JSON.parse(l));
const def = (t: string) => t.startsWith('UInt') || t.startsWith('Int') || t.startsWith('Float') ? 0 : t.startsWith('Nullable') ? null : '';
const esc = (v: unknown) => v === null ? '\\N' : typeof v === 'string' ? v.replace(/[\\\t\n]/g, (c) => c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n') : String(v);
let t = performance.now();
const tsv = objs.map(o => cols.map(c => esc(o[c.name] ?? def(c.type))).join('\t')).join('\n');
const tTsv = performance.now() - t;
t = performance.now();
const compact = objs.map(o => JSON.stringify(cols.map(c => o[c.name] ?? def(c.type)))).join('\n');
const tCompact = performance.now() - t;
t = performance.now();
const json = objs.map(o => JSON.stringify(o)).join('\n');
const tJson = performance.now() - t;
console.log('JS build ms: tsv', tTsv|0, 'compact', tCompact|0, 'json', tJson|0, 'sizes', tsv.length, compact.length, json.length);
async function run(label: string, query: string, body: string, settings: Record<string, unknown> = {}) {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = await ch.exec({ query, values: Readable.from([body]), clickhouse_settings: settings as any });
    r.stream.resume(); await new Promise(res => r.stream.on('end', res));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(label.padEnd(30), 'median ms', times[3].toFixed(0), 'rows/s', Math.round(lines.length / times[3] * 1000));
}
const names = cols.map(c => c.name).join(',');
for (let k = 0; k < 2; k++) {
await run('JSONEachRow', 'INSERT INTO raw_visit FORMAT JSONEachRow', json);
await run('JSONCompactEachRow', `INSERT INTO raw_visit (${names}) FORMAT JSONCompactEachRow`, compact);
await run('TabSeparated', `INSERT INTO raw_visit (${names}) FORMAT TabSeparated`, tsv);
await run('TSV basic dt', `INSERT INTO raw_visit (${names}) FORMAT TabSeparated`, tsv, { date_time_input_format: 'basic' });
await run('JSON basic dt', 'INSERT INTO raw_visit FORMAT JSONEachRow', json, { date_time_input_format: 'basic' });
}
await ch.close(); process.exit(0);

// Setup step of `npm run bench:live`, run as a process of its own while no server has the data directory open (only
// one process may open the embedded engine, as for `npm run admin` and `npm run keys`): migrates and seeds the
// reference data as the app's first start would, then creates, with the functions those CLIs use, the ingest keys of
// the sites that will post events, the users who will log in and the wall-screen tokens that kiosks will exchange.
// Writes what it made (secrets included) to the JSON file named on the command line (mode 0600) and exits.
//   node bench/live-setup.ts DATA_DIR OUT.json SPEC_JSON
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openClickHouse } from '../src/lib/server/clickhouse/client.ts';
import { migrate } from '../src/lib/server/clickhouse/migrate.ts';
import { seedReference } from '../src/lib/server/reference/seed.ts';
import { createIngestKeys } from '../src/lib/server/ingest/keys.ts';
import { createUser } from '../src/lib/server/auth/users.ts';
import { createWallToken } from '../src/lib/server/auth/wall-tokens.ts';

export interface SetupSpec {
	/** Sites per province that post the background load (each its own facility key), by province code. */
	loadSitesPerProvince: Record<string, number>;
	/** Users to create: role and province (null: national). */
	users: { name: string; role: 'national-viewer' | 'province-viewer' | 'operator'; province: string | null }[];
	/** Wall tokens to create, by view. */
	wallTokens: { name: string; view: string }[];
}

export interface SetupResult {
	/** Every site of the reference data, by province (ids, in the seed's campaign order: big sites first). */
	sites: Record<string, string[]>;
	/** Facility keys of the load sites. */
	keys: { facilityId: string; province: string; key: string }[];
	users: { name: string; username: string; password: string }[];
	wallTokens: { name: string; token: string }[];
	ms: number;
}

const [dataDir, out, specJson] = process.argv.slice(2);
if (!dataDir || !out || !specJson) {
	console.error('usage: node bench/live-setup.ts DATA_DIR OUT.json SPEC_JSON');
	process.exit(2);
}
const spec = JSON.parse(specJson) as SetupSpec;
const started = performance.now();
const ch = await openClickHouse({ mode: 'embedded', path: join(dataDir, 'clickhouse') });
await migrate(ch);
await seedReference(ch);
const rows = await (
	await ch.query({ query: "SELECT id, province_code FROM ref_facility FINAL WHERE kind = 'site' AND deleted = 0", format: 'JSONEachRow' })
).json<{ id: string; province_code: string }>();
const sites: Record<string, string[]> = {};
for (const r of rows) (sites[r.province_code] ??= []).push(r.id);
for (const list of Object.values(sites)) list.sort();

const loadSites: { facilityId: string; province: string }[] = [];
for (const [province, n] of Object.entries(spec.loadSitesPerProvince)) {
	const list = sites[province] ?? [];
	if (list.length === 0) throw new Error(`the reference data has no site in province ${province}`);
	for (let i = 0; i < Math.min(n, list.length); i++) loadSites.push({ facilityId: list[i], province });
}
const created = await createIngestKeys(
	ch,
	loadSites.map((s) => ({ kind: 'facility' as const, facilityId: s.facilityId, provinceCode: s.province, label: 'bench:live' }))
);
const keys = loadSites.map((s, i) => ({ ...s, key: created[i].key }));

const users: SetupResult['users'] = [];
for (const u of spec.users) {
	const username = `bench-${u.name}-${randomBytes(3).toString('hex')}`;
	const password = randomBytes(18).toString('base64url');
	await createUser(ch, { username, role: u.role, province: u.province, password, createdBy: 'cli:bench-live' });
	users.push({ name: u.name, username, password });
}
const wallTokens: SetupResult['wallTokens'] = [];
for (const w of spec.wallTokens) {
	const { token } = await createWallToken(ch, { view: w.view, label: `bench ${w.name}`, createdBy: 'cli:bench-live' });
	wallTokens.push({ name: w.name, token });
}
await ch.close();
const result: SetupResult = { sites, keys, users, wallTokens, ms: performance.now() - started };
writeFileSync(out, JSON.stringify(result), { mode: 0o600 });
process.exit(0);

// The province polygons the maps load (GET /geo/provinces.geojson) from the built app: Natural Earth's extract until
// boundaries are imported, then the imported file — at once, without a rebuild or a restart.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../lib/server/testing/redis.ts';
import { ROOT, startInProcessServer, tempDataDir, testEnv, type InProcessServer } from '../../lib/server/testing/server.ts';
import { findProvinceGeoFile } from '../../lib/reference/geo-load.ts';
import { PROVINCES_PATH } from '../../lib/map/style.ts';

let redis: TestRedis;
let server: InProcessServer;
let dataDir: string;

beforeAll(async () => {
	redis = await startTestRedis();
	dataDir = tempDataDir();
	server = await startInProcessServer(testEnv(dataDir, redis.url, { SIMULATOR: 'off', ALERTS: 'off' }));
}, 120_000);
afterAll(async () => {
	await server?.close();
	await redis?.stop();
});

interface Collection {
	features: { properties: { code: string; source?: string }; geometry: unknown }[];
}

describe('GET /geo/provinces.geojson', () => {
	it('serves the Natural Earth extract without a session, gzipped, revalidated by ETag', async () => {
		expect(PROVINCES_PATH).toBe('/geo/provinces.geojson');
		const response = await fetch(`${server.url}${PROVINCES_PATH}`); // fetch asks for gzip and inflates it
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/geo+json');
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.get('x-mcc-boundaries')).toBe('natural-earth');
		const body = (await response.json()) as Collection;
		expect(body).toEqual(JSON.parse(readFileSync(findProvinceGeoFile()!, 'utf8')));
		const etag = response.headers.get('etag')!;
		const again = await fetch(`${server.url}${PROVINCES_PATH}`, { headers: { 'if-none-match': etag } });
		expect(again.status).toBe(304);
	});

	it('serves the imported boundaries once `npm run import:boundaries` has written them', async () => {
		const before = await fetch(`${server.url}${PROVINCES_PATH}`);
		const etag = before.headers.get('etag')!;
		const imported = spawnSync(process.execPath, [join(ROOT, 'src/cli/import-boundaries.ts'), join(ROOT, 'src/lib/reference/fixtures/boundaries/hdx-style.geojson'), '--allow-missing'], {
			env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir },
			encoding: 'utf8'
		});
		expect(imported.stderr).toBe('');
		expect(imported.status).toBe(0);

		const response = await fetch(`${server.url}${PROVINCES_PATH}`, { headers: { 'if-none-match': etag } });
		expect(response.status).toBe(200); // the old ETag no longer matches
		expect(response.headers.get('x-mcc-boundaries')).toBe('imported');
		const body = (await response.json()) as Collection;
		expect(body.features).toHaveLength(63);
		expect(body.features.filter((f) => f.properties.source === 'hdx-style.geojson').map((f) => f.properties.code)).toEqual(['01', '02', '06', '46', '48', '67', '77', '79']);
	});
});

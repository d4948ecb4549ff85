// GET /geo/provinces.geojson: the province polygons every map draws (PROVINCES_PATH in src/lib/map/style.ts) — the
// official boundaries imported with `npm run import:boundaries` (DATA_DIR/geo/vn-provinces.geojson) when there are,
// else the Natural Earth extract (static/geo/vn-provinces.geojson, built by src/cli/extract-geo.ts). Read at request
// time, so an import shows on the next page load, without a rebuild or a restart. Public, like the rest of /geo/.
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '#lib/server/app.ts';
import { servedProvinceGeoFile } from '#lib/reference/geo-load.ts';

interface Cached {
	key: string;
	body: Buffer;
	gzip: Buffer;
	etag: string;
}
let cached: Cached | null = null;

async function load(path: string): Promise<Cached> {
	const info = await stat(path);
	const key = `${path}:${info.size}:${info.mtimeMs}`;
	if (cached?.key === key) return cached;
	const body = await readFile(path);
	const parsed = JSON.parse(body.toString('utf8')) as { type?: unknown; features?: unknown };
	if (parsed?.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) throw new Error(`${path} is not a GeoJSON FeatureCollection`);
	return (cached = { key, body, gzip: gzipSync(body), etag: `"${info.size.toString(36)}-${Math.round(info.mtimeMs).toString(36)}"` });
}

export const GET: RequestHandler = async ({ request }) => {
	const app = await getApp();
	const found = servedProvinceGeoFile(app.config.dataDir);
	if (!found) {
		return json(
			{ error: { message: 'no province polygons: run `node src/cli/extract-geo.ts` (npm run build does), or import official ones with `npm run import:boundaries -- FILE.geojson`' } },
			{ status: 404 }
		);
	}
	let file: Cached;
	try {
		file = await load(found.path);
	} catch (error) {
		app.log.error({ err: (error as Error).message, file: found.path }, 'province polygons unreadable');
		const fix = found.imported ? 'import the boundaries again (`npm run import:boundaries -- FILE.geojson`) or delete the file to use Natural Earth' : 'run `node src/cli/extract-geo.ts`';
		return json({ error: { message: `province polygons unreadable (${found.path}): ${fix}` } }, { status: 500 });
	}
	const headers: Record<string, string> = {
		'content-type': 'application/geo+json',
		'cache-control': 'no-cache', // revalidated (ETag) on every load: an import shows at once
		etag: file.etag,
		vary: 'accept-encoding',
		'x-mcc-boundaries': found.imported ? 'imported' : 'natural-earth'
	};
	if (request.headers.get('if-none-match') === file.etag) return new Response(null, { status: 304, headers });
	if (/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) {
		return new Response(new Uint8Array(file.gzip), { headers: { ...headers, 'content-encoding': 'gzip', 'content-length': String(file.gzip.length) } });
	}
	return new Response(new Uint8Array(file.body), { headers: { ...headers, 'content-length': String(file.body.length) } });
};

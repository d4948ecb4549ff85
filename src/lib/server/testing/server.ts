// The built app (build/handler.js), served on a free port, in this test process or as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { App } from '../app.ts';
import { freePort } from './redis.ts';
import { openClickHouse, type ClickHouseClient } from '../clickhouse/client.ts';
import { migrate } from '../clickhouse/migrate.ts';
import { attachLive } from '../live/socket.ts';
import { roomSnapshots, siteProvinceOf } from '../live/rooms.ts';
import { liveNow } from '../clock.ts';
import type { IngestQueue } from '../ingest/queue.ts';

export const ROOT = resolve(import.meta.dirname, '../../../..');

/**
 * A new empty data directory. A test run's are named after the run (MCC_TEST_RUN, set by vitest.global-setup.ts),
 * which removes them at its end, so a run leaves no gigabytes of engine files behind; benchmarks remove theirs
 * themselves (or keep them, BENCH_KEEP=1).
 */
export function tempDataDir(): string {
	return mkdtempSync(join(tmpdir(), process.env.MCC_TEST_RUN ? `mcc-data-${process.env.MCC_TEST_RUN}-` : 'mcc-data-'));
}

export function testEnv(dataDir: string, redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
	return {
		NODE_ENV: 'test',
		DATA_DIR: dataDir,
		REDIS_URL: redisUrl,
		LOG_LEVEL: 'warn',
		BODY_SIZE_LIMIT: 'Infinity',
		INGEST_LOCK_MS: '2000',
		...extra
	};
}

export interface InProcessServer {
	url: string;
	app: App;
	close(): Promise<void>;
}

/** One per test file (process): the handler boots the app once. */
export async function startInProcessServer(env: Record<string, string>): Promise<InProcessServer> {
	Object.assign(process.env, env);
	const { handler } = await import(/* @vite-ignore */ join(ROOT, process.env.MCC_BUILD_DIR ?? 'build', 'handler.js'));
	const { getApp } = await import('../app.ts');
	const app = await getApp();
	const server: Server = createServer(handler);
	const live = attachLive(server, { redisTarget: app.redisTarget, log: app.log, snapshot: roomSnapshots(app), siteProvince: siteProvinceOf(app), clock: () => liveNow(app) }, 200);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.address() as { port: number }).port;
	return {
		url: `http://127.0.0.1:${port}`,
		app,
		close: async () => {
			await live.close();
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
			await app.stop();
		}
	};
}

export interface ChildServer {
	url: string;
	child: ChildProcess;
	/** SIGKILL: the process gets no chance to drain. */
	kill(): Promise<void>;
	/** SIGTERM and wait: the process drains and exits. */
	stop(): Promise<number | null>;
	output(): string;
}

/** `node src/main.ts` as a child process, ready when /readyz answers 200. */
export async function startChildServer(env: Record<string, string>, port?: number): Promise<ChildServer> {
	const p = port ?? (await freePort());
	let output = '';
	const child = spawn(process.execPath, [join(ROOT, 'src/main.ts')], {
		env: { ...process.env, ...env, PORT: String(p), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${p}`;
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
		try {
			if ((await fetch(`${url}/readyz`)).status === 200) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`server not ready in 30 s:\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
	return {
		url,
		child,
		kill: async () => {
			child.kill('SIGKILL');
			await exited;
		},
		stop: async () => {
			child.kill('SIGTERM');
			return exited;
		},
		output: () => output
	};
}

/** Opens the embedded engine of a data directory (only while no server process has it open). */
export async function openDataDir(dataDir: string): Promise<ClickHouseClient> {
	const client = await openClickHouse({ mode: 'embedded', path: join(dataDir, 'clickhouse') });
	await migrate(client);
	return client;
}

export async function count(client: ClickHouseClient, sql: string, params: Record<string, unknown> = {}): Promise<number> {
	const rows = await (await client.query({ query: sql, query_params: params, format: 'JSONEachRow' })).json<{ n: string | number }>();
	return Number(rows[0]?.n ?? 0);
}

/** Waits until the ingest queue holds no waiting, delayed or active job (ignores errors while Redis is down). */
export async function waitForQueueDrained(queue: IngestQueue, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const depth = await queue.depth(true).catch(() => null);
		if (depth === 0) return;
		if (Date.now() > deadline) throw new Error(`the ingest queue still holds ${depth ?? 'an unknown number of'} jobs after ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

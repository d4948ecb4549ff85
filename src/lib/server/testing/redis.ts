// A real redis-server for one test file: a free port, its own directory, append-only with fsync always.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const port = (server.address() as { port: number }).port;
			server.close(() => resolve(port));
		});
	});
}

export interface TestRedis {
	url: string;
	port: number;
	/** Kills the server with SIGKILL: no chance to flush anything that was not already fsynced. */
	kill(): Promise<void>;
	/** Starts it again on the same port and directory (the AOF is replayed). */
	start(): Promise<void>;
	stop(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
	const dir = mkdtempSync(join(tmpdir(), 'mcc-redis-'));
	const port = await freePort();
	const url = `redis://127.0.0.1:${port}`;
	let child: ChildProcess | null = null;

	async function start(): Promise<void> {
		child = spawn(
			'redis-server',
			['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'],
			{ stdio: 'ignore' }
		);
		child.on('error', () => {});
		const deadline = Date.now() + 15_000;
		for (;;) {
			const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
			probe.on('error', () => {});
			try {
				await probe.connect();
				if ((await probe.ping()) === 'PONG') {
					// Loading the AOF answers LOADING to commands: wait until it is done.
					const info = await probe.info('persistence');
					if (/loading:0/.test(info)) return;
				}
			} catch {
				// not up yet
			} finally {
				probe.disconnect();
			}
			if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}: is it installed (apt-get install -y redis-server)?`);
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	async function signal(sig: NodeJS.Signals): Promise<void> {
		const c = child;
		if (!c || c.exitCode !== null || c.signalCode !== null) return;
		const exited = new Promise((r) => c.once('exit', r));
		c.kill(sig);
		await exited;
	}

	await start();
	return {
		url,
		port,
		kill: () => signal('SIGKILL'),
		start,
		stop: async () => {
			await signal('SIGTERM');
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

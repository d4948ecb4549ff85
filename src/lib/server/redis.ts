// Redis connections, and the redis-server this app starts itself when REDIS_URL is unset.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';

/** Where Redis is: a URL, or the unix socket of the managed server. */
export type RedisTarget = { url: string } | { path: string };

export function connectRedis(target: RedisTarget, options: RedisOptions = {}): Redis {
	return 'url' in target ? new Redis(target.url, options) : new Redis({ path: target.path, ...options });
}

async function answersPing(target: RedisTarget): Promise<boolean> {
	const probe = connectRedis(target, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
	probe.on('error', () => {});
	try {
		await probe.connect();
		return (await probe.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		probe.disconnect();
	}
}

export interface ManagedRedis {
	target: RedisTarget;
	/** The server we started, or null when we joined one already running (e.g. after a crash of this app). */
	child: ChildProcess | null;
	stop(): Promise<void>;
}

/**
 * Starts redis-server from PATH with append-only persistence, fsync on every write, so nothing acknowledged is lost
 * even if the machine crashes. Reuses a server already listening on the socket.
 */
export async function startManagedRedis(config: Extract<Config['redis'], { mode: 'managed' }>, log: Logger): Promise<ManagedRedis> {
	const target = { path: config.socket };
	if (existsSync(config.socket) && (await answersPing(target))) {
		log.info({ socket: config.socket }, 'joining the redis-server already running on the data directory');
		return { target, child: null, stop: async () => {} };
	}
	mkdirSync(config.dir, { recursive: true });
	const child = spawn(
		config.bin,
		[
			'--port', '0',
			'--unixsocket', config.socket,
			'--unixsocketperm', '700',
			'--dir', config.dir,
			'--appendonly', 'yes',
			'--appendfsync', 'always',
			'--save', '',
			'--maxmemory-policy', 'noeviction',
			'--daemonize', 'no'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	const failed = new Promise<never>((_, reject) => {
		child.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				error.code === 'ENOENT'
					? new Error(
							`redis-server was not found on PATH (REDIS_SERVER_BIN=${config.bin}). Install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) or set REDIS_URL to a running Redis.`
						)
					: error
			)
		);
		child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code} before it was ready`)));
	});
	const deadline = Date.now() + 15_000;
	for (;;) {
		if (existsSync(config.socket) && (await Promise.race([answersPing(target), failed]))) break;
		if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${config.socket} within 15 s`);
		await Promise.race([new Promise((r) => setTimeout(r, 50)), failed]);
	}
	failed.catch(() => {});
	// However this process ends (Ctrl-C in `vite dev`, process.exit), the server it started ends with it; SIGTERM
	// lets redis-server flush its AOF. (After a SIGKILL of this process the server is left running and reused.)
	const stopOnExit = () => child.kill('SIGTERM');
	process.once('exit', stopOnExit);
	log.info({ socket: config.socket, dir: config.dir }, 'started redis-server (append-only, fsync always)');
	return {
		target,
		child,
		stop: async () => {
			process.off('exit', stopOnExit);
			if (child.exitCode !== null) return;
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM'); // redis-server flushes the AOF and exits on SIGTERM
			await exited;
		}
	};
}

// Production entry (npm start / npm run serve): one HTTP server for the SvelteKit handler (built by `vite build`)
// and socket.io, on the same port. Drains on SIGTERM/SIGINT.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { loadConfigOrExit } from './lib/server/config.ts';
import { CONNECTION_PROTOCOL_HEADER, withConnectionProtocol } from './lib/server/http-origin.ts';

const config = loadConfigOrExit();
// MCC_BUILD_DIR: the build directory (default build), as in vite.config.ts: tests of a second build serve that one.
const buildDir = process.env.MCC_BUILD_DIR || 'build';
const handlerPath = new URL(`../${buildDir}/handler.js`, import.meta.url);
if (!existsSync(handlerPath)) {
	console.error(`${buildDir}/handler.js is missing: run \`npm run build\` first (npm start does it for you).`);
	process.exit(1);
}
// The ingest endpoint enforces its own, larger, limit (INGEST_MAX_BODY_BYTES) and streams gzip.
process.env.BODY_SIZE_LIMIT ||= 'Infinity';
// Without a proxy's PROTOCOL_HEADER, a request's protocol is its connection's (plain http here), not adapter-node's
// assumed https: else SvelteKit's origin check refuses every form post made over http (src/lib/server/http-origin.ts).
// Read by the adapter when its handler is imported, below.
if (!config.http.protocolHeader) process.env.PROTOCOL_HEADER = CONNECTION_PROTOCOL_HEADER;

// Importing the handler runs the app's init hook (src/hooks.server.ts), which boots everything in the bundle.
let handler;
try {
	({ handler } = await import(handlerPath.href));
} catch (error) {
	console.error(`MCC could not start: ${(error as Error).message}`);
	process.exit(1);
}
const { getApp } = await import('./lib/server/app.ts');
const app = await getApp();
const { attachLive } = await import('./lib/server/live/socket.ts');
const { roomSnapshots, siteProvinceOf } = await import('./lib/server/live/rooms.ts');
const { liveNow } = await import('./lib/server/clock.ts');
let warnedForwardedProto = false;
const server = createServer(
	config.http.protocolHeader
		? handler
		: withConnectionProtocol(handler, () => {
				if (warnedForwardedProto) return;
				warnedForwardedProto = true;
				app.log.warn(
					'a request came with X-Forwarded-Proto while PROTOCOL_HEADER is unset: requests are taken as their connection says (plain http). Behind a proxy that terminates TLS set PROTOCOL_HEADER=x-forwarded-proto (and HOST_HEADER=x-forwarded-host if it changes Host)'
				);
			})
);
server.keepAliveTimeout = 65_000;
const live = attachLive(server, { redisTarget: app.redisTarget, log: app.log, snapshot: roomSnapshots(app), siteProvince: siteProvinceOf(app), clock: () => liveNow(app) });
server.on('error', async (error: NodeJS.ErrnoException) => {
	console.error(
		error.code === 'EADDRINUSE'
			? `MCC could not listen on ${config.host}:${config.port}: the port is in use. Stop what uses it or set PORT to a free port.`
			: `MCC could not listen on ${config.host}:${config.port}: ${error.message}`
	);
	await app.stop();
	process.exit(1);
});
let simulator: { stop(): Promise<void> } | null = null;
server.listen(config.port, config.host, () => {
	const { port } = server.address() as { port: number };
	app.log.info({ port, host: config.host }, 'MCC listening');
	if (!config.simulator.enabled) return;
	// The campaign simulator posts to this server over HTTP, like real sites (SIMULATOR=off to disable).
	const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
	import('./lib/simulator/in-process.ts')
		.then(({ startInProcessSimulator }) => startInProcessSimulator(app, `http://${host}:${port}`))
		.then((running) => {
			if (stopping) void running.stop();
			else simulator = running;
		})
		.catch((error: Error) => app.log.error({ err: error.message }, 'simulator did not start'));
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, async () => {
		if (stopping) return;
		stopping = true;
		app.log.info({ signal }, 'shutting down');
		await simulator?.stop();
		server.close();
		server.closeIdleConnections();
		await live.close();
		await app.stop();
		process.exit(0);
	});
}

// Production entry (npm start / npm run serve): one HTTP server for the SvelteKit handler (built by `vite build`)
// and socket.io, on the same port. Drains on SIGTERM/SIGINT.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { loadConfig, ConfigError } from './lib/server/config.ts';

let config;
try {
	config = loadConfig();
} catch (error) {
	if (error instanceof ConfigError) {
		console.error(error.message);
		process.exit(78); // EX_CONFIG
	}
	throw error;
}
const handlerPath = new URL('../build/handler.js', import.meta.url);
if (!existsSync(handlerPath)) {
	console.error('build/handler.js is missing: run `npm run build` first (npm start does it for you).');
	process.exit(1);
}
// The ingest endpoint enforces its own, larger, limit (INGEST_MAX_BODY_BYTES) and streams gzip.
process.env.BODY_SIZE_LIMIT ||= 'Infinity';

// Importing the handler runs the app's init hook (src/hooks.server.ts), which boots everything in the bundle.
const { handler } = await import(handlerPath.href);
const { getApp } = await import('./lib/server/app.ts');
const app = await getApp();
const { attachLive } = await import('./lib/server/live/socket.ts');
const server = createServer(handler);
server.keepAliveTimeout = 65_000;
const live = attachLive(server, app);
server.listen(config.port, config.host, () => app.log.info({ port: config.port, host: config.host }, 'MCC listening'));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, async () => {
		if (stopping) return;
		stopping = true;
		app.log.info({ signal }, 'shutting down');
		server.close();
		server.closeIdleConnections();
		await live.close();
		await app.stop();
		process.exit(0);
	});
}

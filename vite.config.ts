import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig, type Plugin } from 'vitest/config';

/** In `vite dev`, socket.io runs on Vite's own HTTP server, as src/main.ts does in production. */
function liveInDev(): Plugin {
	return {
		name: 'mcc-live-dev',
		apply: 'serve',
		configureServer(server) {
			if (!server.httpServer) return;
			const httpServer = server.httpServer;
			httpServer.once('listening', async () => {
				const { startApp } = await server.ssrLoadModule('/src/lib/server/app.ts');
				const { attachLive } = await server.ssrLoadModule('/src/lib/server/live/socket.ts');
				const { roomSnapshots } = await server.ssrLoadModule('/src/lib/server/live/rooms.ts');
				const { liveNow } = await server.ssrLoadModule('/src/lib/server/clock.ts');
				const app = await startApp();
				const live = attachLive(httpServer, { redisTarget: app.redisTarget, log: app.log, snapshot: roomSnapshots(app), clock: () => liveNow(app) });
				// On Ctrl-C / SIGTERM: drain, stop the redis-server the app started, then leave.
				for (const signal of ['SIGINT', 'SIGTERM'] as const) {
					process.once(signal, () => void live.close().finally(() => app.stop().finally(() => process.exit(0))));
				}
			});
		}
	};
}

export default defineConfig({
	plugins: [
		// SvelteKit 3 takes its configuration here; it no longer reads svelte.config.js.
		sveltekit({
			// The production entry is src/main.ts: it serves this handler and socket.io on one HTTP server.
			// MCC_BUILD_DIR: a second build beside the first (one per checkout of work in progress); tests read it too.
			adapter: adapter({ out: process.env.MCC_BUILD_DIR ?? 'build' }),
			// SvelteKit adds nonces to its own inline scripts. Styles stay 'unsafe-inline' (Svelte sets style attributes);
			// maps will need blob: workers and images; sockets connect to this same origin.
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:', 'blob:'],
					'font-src': ['self', 'data:'],
					'connect-src': ['self', 'ws:', 'wss:'],
					'worker-src': ['self', 'blob:'],
					'object-src': ['none'],
					'base-uri': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none']
				}
			}
		}),
		liveInDev()
	],
	test: {
		include: ['src/**/*.test.ts', 'ingest/**/*.test.ts'],
		// Each test file gets its own process: the embedded ClickHouse engine binds one data directory per process.
		pool: 'forks',
		globalSetup: ['./vitest.global-setup.ts'],
		// The built app is loaded by Node as it is: Vite's plugins must not transform it again (the Svelte plugin
		// would compile build/**/_page.svelte.js as a runes module).
		server: { deps: { external: [/\/build(-[\w-]+)?\//] } },
		testTimeout: 60_000,
		hookTimeout: 60_000
	}
});

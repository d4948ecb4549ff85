import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		// SvelteKit 3 takes its configuration here; it no longer reads svelte.config.js.
		sveltekit({
			// The production entry is src/main.ts: it serves this handler and socket.io on one HTTP server.
			adapter: adapter({ out: 'build' })
		})
	],
	test: {
		include: ['src/**/*.test.ts', 'ingest/**/*.test.ts'],
		// Each test file gets its own process: the embedded ClickHouse engine binds one data directory per process.
		pool: 'forks',
		globalSetup: ['./vitest.global-setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 60_000
	}
});

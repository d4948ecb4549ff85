// `npm run simulate -- --from 2021-07-10 --speed 60 --seed 7 [--scale 0.002] [--backfill-until 2021-09-15]
//                     [--to 2021-12-31] [--url http://localhost:3000] [--keys FILE] [--provinces 01,79] [--fresh]`
// `npm run simulate -- --make-keys [--keys FILE] [--provinces 01,79]`   (needs the engine: in embedded mode, run it
//                                                                         while the server is stopped)
// Posts the simulated campaign to a running MCC server with one ingest key per site and store. Resumes from the
// clock saved in DATA_DIR/simulator-cli-state.json when the options match (--fresh starts over).
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../lib/server/config.ts';
import { PROVINCE_BY_CODE } from '../lib/reference/provinces.ts';
import { buildReference } from '../lib/reference/build.ts';
import { openClickHouse, type ClickHouseClient } from '../lib/server/clickhouse/client.ts';
import { migrate } from '../lib/server/clickhouse/migrate.ts';
import { seedReference } from '../lib/server/reference/seed.ts';
import { loadReference } from '../lib/simulator/reference.ts';
import { defaultKeysPath, loadOrCreateKeys, readKeysFile } from '../lib/simulator/keys.ts';
import { SimulatorRunner, readState } from '../lib/simulator/runner.ts';
import { dayOfDate, localIso } from '../lib/simulator/curve.ts';

const USAGE = `usage: npm run simulate -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--speed N] [--seed N] [--scale X]
                            [--backfill-until YYYY-MM-DD] [--url URL] [--keys FILE] [--provinces 01,79] [--fresh]
       npm run simulate -- --make-keys [--keys FILE] [--provinces 01,79]`;

function fail(message: string): never {
	console.error(`${message}\n${USAGE}`);
	process.exit(2);
}

let values;
try {
	({ values } = parseArgs({
		options: {
			from: { type: 'string', default: '2021-07-10' },
			to: { type: 'string' },
			speed: { type: 'string', default: '60' },
			seed: { type: 'string', default: '7' },
			scale: { type: 'string', default: '0.002' },
			'backfill-until': { type: 'string' },
			url: { type: 'string', default: 'http://localhost:3000' },
			keys: { type: 'string' },
			provinces: { type: 'string' },
			'make-keys': { type: 'boolean', default: false },
			fresh: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false }
		}
	}));
} catch (error) {
	fail((error as Error).message);
}
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
const date = (name: string, value: string | undefined) => {
	if (value === undefined) return undefined;
	try {
		dayOfDate(value);
	} catch {
		fail(`--${name} must be a date YYYY-MM-DD (got "${value}")`);
	}
	return value;
};
const number = (name: string, value: string, min: number, max: number) => {
	const n = Number(value);
	if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number from ${min} to ${max} (got "${value}")`);
	return n;
};
const provinces = values.provinces ? values.provinces.split(',').map((p) => p.trim().padStart(2, '0')) : undefined;
for (const code of provinces ?? []) if (!PROVINCE_BY_CODE.has(code)) fail(`--provinces: unknown province code "${code}"`);

let config;
try {
	config = loadConfig();
} catch (error) {
	if (error instanceof ConfigError) fail(error.message);
	throw error;
}
const keysPath = values.keys ?? defaultKeysPath(config.dataDir);

/** The deployment's reference data (imports included) when the database can be read: with --make-keys or a ClickHouse server. */
async function withDatabase<T>(use: (client: ClickHouseClient) => Promise<T>): Promise<T> {
	let client: ClickHouseClient;
	try {
		client = await openClickHouse(config!.clickhouse);
		await migrate(client);
		await seedReference(client); // as the server does at its first start (nothing if the reference exists)
	} catch (error) {
		fail(`cannot open ClickHouse (${(error as Error).message}); in embedded mode stop the server first`);
	}
	try {
		return await use(client);
	} finally {
		await client.close();
	}
}

if (values['make-keys']) {
	await withDatabase(async (client) => {
		const reference = await loadReference(client);
		const keys = await loadOrCreateKeys(client, reference, keysPath, { provinces, log: (m) => console.log(m) });
		console.log(`${keysPath}: ${Object.keys(keys.facilities).length} facility keys, channels ${Object.keys(keys.channels).join(', ')}`);
	});
	process.exit(0);
}
// Embedded mode: the server holds the engine, so the generated reference data (what a fresh deployment seeds).
const reference = config.clickhouse.mode === 'server' ? await withDatabase(loadReference) : buildReference();

const keys = readKeysFile(keysPath);
if (!keys) fail(`no keys file at ${keysPath}: run \`npm run simulate -- --make-keys\` first (in embedded mode, with the server stopped)`);

const from = date('from', values.from)!;
const simulation = {
	reference,
	seed: number('seed', values.seed, 0, 4_294_967_295),
	scale: number('scale', values.scale, 0.000001, 1),
	from,
	to: date('to', values.to),
	provinces
};
const stateFile = join(config.dataDir, 'simulator-cli-state.json');
const state = values.fresh ? null : readState(stateFile, simulation);
const runner = new SimulatorRunner({
	url: values.url.replace(/\/$/, ''),
	keys,
	simulation,
	backfillUntil: date('backfill-until', values['backfill-until']),
	speed: number('speed', values.speed, 0.001, 1_000_000),
	resumeAt: state ? Date.parse(state.clock) : undefined,
	stateFile,
	log: (message, data) => console.log(JSON.stringify({ time: new Date().toISOString(), msg: message, ...data }))
});
if (state) console.log(`resuming at ${state.clock} (simulated); --fresh to start over`);
const progress = setInterval(() => {
	const s = runner.stats;
	console.log(`${localIso(s.clock)}  ${s.mode}  sent ${s.sent}  rejected ${s.rejected}  requests ${s.requests}`);
}, 5_000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void runner.stop());
try {
	const stats = await runner.run();
	console.log(`done: ${stats.sent} events sent, ${stats.accepted} accepted, ${stats.rejected} rejected, clock ${localIso(stats.clock)}`);
	for (const r of stats.rejections.slice(0, 5)) console.log('rejected:', JSON.stringify(r));
	process.exitCode = stats.rejected > 0 ? 1 : 0;
} catch (error) {
	console.error(`simulator failed: ${(error as Error).message}`);
	process.exitCode = 1;
} finally {
	clearInterval(progress);
}

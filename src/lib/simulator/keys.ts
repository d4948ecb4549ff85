// The simulator's ingest keys, as real sites would hold them: one facility key per site and store (a site key may
// only send its own facility's events), plus the `registration` and `verification` channel keys. Kept in a JSON
// file (mode 0600) under DATA_DIR, created in one INSERT the first time, completed when facilities are missing.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClickHouseClient } from '../server/clickhouse/client.ts';
import { createIngestKeys, type NewKey } from '../server/ingest/keys.ts';
import type { ReferenceData } from '../reference/types.ts';
import { REGISTRATION_CHANNEL, VERIFICATION_CHANNEL } from './simulate.ts';

export const KEYS_FILE = 'simulator-keys.json';
export const CHANNELS = ['registration', 'verification'] as const;

export interface SimulatorKeys {
	version: 1;
	/** Facility id → key. */
	facilities: Record<string, string>;
	/** Channel name (registration, verification) → key. */
	channels: Record<string, string>;
}

export const defaultKeysPath = (dataDir: string) => join(dataDir, KEYS_FILE);

export function readKeysFile(path: string): SimulatorKeys | null {
	if (!existsSync(path)) return null;
	const parsed = JSON.parse(readFileSync(path, 'utf8')) as SimulatorKeys;
	if (parsed.version !== 1 || typeof parsed.facilities !== 'object' || typeof parsed.channels !== 'object') {
		throw new Error(`${path} is not a simulator keys file (version 1); delete it to make new keys`);
	}
	return parsed;
}

/** Written whole to a temporary file, then renamed: a crash never leaves half a file. Readable by the owner only. */
export function writeKeysFile(path: string, keys: SimulatorKeys): void {
	mkdirSync(dirname(path), { recursive: true });
	const tmp = `${path}.${process.pid}.tmp`;
	writeFileSync(tmp, JSON.stringify(keys) + '\n', { mode: 0o600 });
	renameSync(tmp, path);
}

/** The facilities that send events when these provinces are simulated: their sites and stores, and every store above. */
export function sendingFacilities(reference: ReferenceData, provinces?: readonly string[]) {
	const only = provinces && provinces.length > 0 ? new Set(provinces) : null;
	return reference.facilities.filter((f) => !only || f.level === 'national' || f.level === 'regional' || only.has(f.provinceCode));
}

/** The key that sends a simulator event (a facility id, or a channel sender such as REGISTRATION_CHANNEL). */
export function keyFor(keys: SimulatorKeys, sender: string): string | undefined {
	if (sender === REGISTRATION_CHANNEL) return keys.channels.registration;
	if (sender === VERIFICATION_CHANNEL) return keys.channels.verification;
	return keys.facilities[sender];
}

export interface LoadKeysOptions {
	provinces?: readonly string[];
	/** Checks that a stored key is known to the server (keys of a wiped database are made again). */
	verify?: (key: string) => Promise<boolean>;
	log?: (message: string) => void;
}

/** Loads the keys file, creating (in one INSERT) the keys it lacks, and rewrites it when anything was added. */
export async function loadOrCreateKeys(client: ClickHouseClient, reference: ReferenceData, path: string, opts: LoadKeysOptions = {}): Promise<SimulatorKeys> {
	let keys = readKeysFile(path);
	if (keys && opts.verify) {
		const sample = keys.channels.registration ?? Object.values(keys.facilities)[0];
		if (sample && !(await opts.verify(sample))) {
			opts.log?.(`the keys in ${path} are unknown to this database: making new ones`);
			keys = null;
		}
	}
	keys ??= { version: 1, facilities: {}, channels: {} };
	const specs: NewKey[] = [];
	const targets: ((key: string) => void)[] = [];
	for (const channel of CHANNELS) {
		if (keys.channels[channel]) continue;
		specs.push({ kind: 'channel', channel, label: 'simulator' });
		const k = keys;
		targets.push((key) => (k.channels[channel] = key));
	}
	for (const f of sendingFacilities(reference, opts.provinces)) {
		if (keys.facilities[f.id]) continue;
		specs.push({ kind: 'facility', facilityId: f.id, provinceCode: f.provinceCode, label: 'simulator' });
		const k = keys;
		targets.push((key) => (k.facilities[f.id] = key));
	}
	if (specs.length > 0) {
		const created = await createIngestKeys(client, specs);
		created.forEach(({ key }, i) => targets[i](key));
		writeKeysFile(path, keys);
		opts.log?.(`created ${specs.length} simulator keys in ${path}`);
	}
	return keys;
}

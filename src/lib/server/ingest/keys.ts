// Ingest API keys: "mcc_<keyId>_<secret>". Only SHA-256(secret) is stored. Every node holds the whole key table in
// memory, read in one query and re-read every minute in the background (at 10,000 events/s from 600 sites, a query
// per key would queue behind the snapshots in the embedded engine); a key id it does not hold is looked up alone
// (a key made since), the answer kept 10 s. A revocation also leaves a Redis marker that POST /api/v1/events checks,
// so it takes effect at once everywhere; a rotation's end is checked against the clock at every request.
// Rotation without downtime: rotateIngestKey makes a new key for the same facility or channel and sets the old one's
// revoked_at to the end of a grace period (default 24 h): both work until then, the site switches in between.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { chTime } from './rows.ts';
import type { KeyScope } from './batch.ts';

/** System channels and the event families each may send. */
export const CHANNEL_FAMILIES: Record<string, readonly string[]> = {
	registration: ['registration'],
	inventory: ['stock'],
	coldchain: ['coldchain'],
	verification: ['verification'],
	// Trusted integrations and backfill tools of the national platform.
	national: ['registration', 'visit', 'stock', 'coldchain', 'verification']
};

interface KeyRow {
	key_id: string;
	secret_hash: string;
	kind: string;
	facility_id: string;
	province_code: string;
	channel: string;
	/** Epoch ms when it stops (or stopped) working; null while valid without end. */
	ends_at: number | null;
}

const KEY_COLUMNS = `key_id, secret_hash, kind, facility_id, province_code, channel, toUnixTimestamp64Milli(revoked_at) AS ends_at`;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export type NewKey =
	| { kind: 'facility'; facilityId: string; provinceCode: string; label?: string }
	| { kind: 'channel'; channel: string; label?: string };

export async function createIngestKey(client: ClickHouseClient, spec: NewKey): Promise<{ keyId: string; key: string }> {
	return (await createIngestKeys(client, [spec]))[0];
}

/** Creates many keys in one INSERT (the simulator makes one per site and store); returned in the order of `specs`. */
export async function createIngestKeys(client: ClickHouseClient, specs: readonly NewKey[]): Promise<{ keyId: string; key: string }[]> {
	for (const spec of specs) {
		if (spec.kind === 'channel' && !CHANNEL_FAMILIES[spec.channel]) {
			throw new Error(`unknown channel "${spec.channel}"; expected one of ${Object.keys(CHANNEL_FAMILIES).join(', ')}`);
		}
	}
	if (specs.length === 0) return [];
	const now = Date.now();
	const created: { keyId: string; key: string }[] = [];
	const values = specs.map((spec) => {
		const keyId = randomBytes(8).toString('hex');
		const secret = randomBytes(24).toString('base64url');
		created.push({ keyId, key: `mcc_${keyId}_${secret}` });
		return {
			key_id: keyId,
			secret_hash: sha256(secret).toString('hex'),
			kind: spec.kind,
			facility_id: spec.kind === 'facility' ? spec.facilityId : '',
			province_code: spec.kind === 'facility' ? spec.provinceCode : '',
			channel: spec.kind === 'channel' ? spec.channel : '',
			label: spec.label ?? '',
			created_at: chTime(now),
			revoked_at: null,
			version: now
		};
	});
	await client.insert({ table: 'ingest_keys', format: 'JSONEachRow', values });
	return created;
}

export class KeyStore {
	#all = new Map<string, KeyRow>();
	#loadedAt = -Infinity;
	#loading: Promise<void> | null = null;
	/** Key ids not in #all, each looked up alone: the answer (null: no such key) and when. */
	#misses = new Map<string, { row: KeyRow | null; at: number }>();
	#pending = new Map<string, Promise<KeyRow | null>>();
	readonly #client: ClickHouseClient;
	readonly #refreshMs: number;
	readonly #missTtlMs: number;

	constructor(client: ClickHouseClient, { refreshMs = 60_000, missTtlMs = 10_000 } = {}) {
		this.#client = client;
		this.#refreshMs = refreshMs;
		this.#missTtlMs = missTtlMs;
	}

	#load(): Promise<void> {
		this.#loading ??= (async () => {
			try {
				const rows = await (await this.#client.query({ query: `SELECT ${KEY_COLUMNS} FROM ingest_keys FINAL`, format: 'JSONEachRow' })).json<KeyRow>();
				this.#all = new Map(rows.map((r) => [r.key_id, r]));
				this.#misses.clear();
				this.#loadedAt = Date.now();
			} finally {
				this.#loading = null;
			}
		})();
		return this.#loading;
	}

	async #lookup(keyId: string): Promise<KeyRow | null> {
		if (this.#loadedAt === -Infinity) await this.#load();
		// Stale while re-reading: requests are not held up by the refresh (a failed one is retried at the next request).
		else if (Date.now() - this.#loadedAt >= this.#refreshMs) this.#load().catch(() => {});
		const known = this.#all.get(keyId);
		if (known) return known;
		const miss = this.#misses.get(keyId);
		if (miss && Date.now() - miss.at < this.#missTtlMs) return miss.row;
		let pending = this.#pending.get(keyId);
		if (!pending) {
			pending = (async () => {
				const rows = await (
					await this.#client.query({ query: `SELECT ${KEY_COLUMNS} FROM ingest_keys FINAL WHERE key_id = {keyId:String}`, query_params: { keyId }, format: 'JSONEachRow' })
				).json<KeyRow>();
				const row = rows[0] ?? null;
				// Bounded: random key ids sent by strangers must not grow memory without end.
				if (this.#misses.size >= 100_000) this.#misses.clear();
				this.#misses.set(keyId, { row, at: Date.now() });
				return row;
			})().finally(() => this.#pending.delete(keyId));
			this.#pending.set(keyId, pending);
		}
		return pending;
	}

	/** Drops a key from this process's memory (after a revocation made here): the next request reads it again. */
	forget(keyId: string): void {
		this.#all.delete(keyId);
		this.#misses.delete(keyId);
	}

	/** The scope of a presented key, or null when it is unknown, malformed, revoked or wrong. */
	async authenticate(presented: string | null): Promise<KeyScope | null> {
		const match = presented && /^mcc_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/.exec(presented);
		if (!match) return null;
		const row = await this.#lookup(match[1]);
		if (!row || (row.ends_at !== null && Number(row.ends_at) <= Date.now())) return null;
		if (!timingSafeEqual(sha256(match[2]), Buffer.from(row.secret_hash, 'hex'))) return null;
		if (row.kind === 'facility') return { kind: 'facility', keyId: row.key_id, facilityId: row.facility_id, provinceCode: row.province_code };
		return { kind: 'channel', keyId: row.key_id, channel: row.channel, families: CHANNEL_FAMILIES[row.channel] ?? [] };
	}
}

export interface IngestKeyInfo {
	keyId: string;
	kind: string;
	facilityId: string;
	provinceCode: string;
	channel: string;
	label: string;
	createdAt: string;
	/** When it stops (or stopped) working; null while valid without end. */
	revokedAt: string | null;
}

interface FullKeyRow extends KeyRow {
	label: string;
	created_at: string;
	revoked_at: string | null;
	version: string;
}

async function fullRow(client: ClickHouseClient, keyId: string): Promise<FullKeyRow | null> {
	const rows = await (
		await client.query({
			query: `SELECT key_id, secret_hash, kind, facility_id, province_code, channel, label, created_at, revoked_at, toString(version) AS version
			        FROM ingest_keys FINAL WHERE key_id = {keyId:String}`,
			query_params: { keyId },
			format: 'JSONEachRow'
		})
	).json<FullKeyRow>();
	return rows[0] ?? null;
}

/** Every key, newest first, without secrets. */
export async function listIngestKeys(client: ClickHouseClient, limit = 1_000): Promise<IngestKeyInfo[]> {
	const rows = await (
		await client.query({
			query: `SELECT key_id, kind, facility_id, province_code, channel, label, created_at, revoked_at
			        FROM ingest_keys FINAL ORDER BY created_at DESC LIMIT {limit:UInt32}`,
			query_params: { limit },
			format: 'JSONEachRow'
		})
	).json<Omit<FullKeyRow, 'secret_hash' | 'revoked' | 'version'>>();
	return rows.map((r) => ({
		keyId: r.key_id,
		kind: r.kind,
		facilityId: r.facility_id,
		provinceCode: r.province_code,
		channel: r.channel,
		label: r.label,
		createdAt: r.created_at,
		revokedAt: r.revoked_at
	}));
}

/** Writes a new version of a key that stops working at `at` (now: revoked; later: the end of a rotation's grace). */
async function expireAt(client: ClickHouseClient, row: FullKeyRow, at: number): Promise<void> {
	const now = Date.now();
	await client.insert({
		table: 'ingest_keys',
		format: 'JSONEachRow',
		values: [
			{
				key_id: row.key_id,
				secret_hash: row.secret_hash,
				kind: row.kind,
				facility_id: row.facility_id,
				province_code: row.province_code,
				channel: row.channel,
				label: row.label,
				created_at: row.created_at,
				revoked_at: chTime(at),
				version: Math.max(now, Number(row.version) + 1)
			}
		]
	});
}

/**
 * Revokes a key in ClickHouse (this node's memory forgets it). Other nodes may hold it up to a minute: the caller
 * also sets the Redis marker (auth/service.ts markIngestKeyRevokedEverywhere) so that it stops at once everywhere.
 */
export async function revokeIngestKey(client: ClickHouseClient, keyId: string, store?: KeyStore): Promise<IngestKeyInfo> {
	const row = await fullRow(client, keyId);
	if (!row) throw new Error(`no ingest key "${keyId.slice(0, 32)}"`);
	const at = Date.now();
	await expireAt(client, row, at);
	store?.forget(keyId);
	return { keyId, kind: row.kind, facilityId: row.facility_id, provinceCode: row.province_code, channel: row.channel, label: row.label, createdAt: row.created_at, revokedAt: new Date(at).toISOString() };
}

/**
 * Rotation without downtime: a new key for the same facility or channel (printed once), and the old one kept valid for
 * `graceMs` (then it stops by itself). A key already rotated keeps the earlier of its two ends.
 */
export async function rotateIngestKey(client: ClickHouseClient, keyId: string, graceMs = 24 * 3_600_000): Promise<{ keyId: string; key: string; oldKeyId: string; oldValidUntil: number }> {
	const row = await fullRow(client, keyId);
	if (!row) throw new Error(`no ingest key "${keyId.slice(0, 32)}"`);
	if (row.revoked_at !== null && Date.parse(row.revoked_at.replace(' ', 'T') + 'Z') <= Date.now()) throw new Error(`ingest key ${keyId} is revoked: create a new one instead`);
	const label = `${row.label || row.facility_id || row.channel} (rotated from ${keyId})`.slice(0, 200);
	const [created] = await createIngestKeys(client, [
		row.kind === 'facility' ? { kind: 'facility', facilityId: row.facility_id, provinceCode: row.province_code, label } : { kind: 'channel', channel: row.channel, label }
	]);
	// A key already ending (rotated before) never gets a later end.
	const ending = row.revoked_at === null ? Infinity : Date.parse(row.revoked_at.replace(' ', 'T') + 'Z');
	const until = Math.min(ending, Date.now() + Math.max(0, graceMs));
	await expireAt(client, row, until);
	return { ...created, oldKeyId: keyId, oldValidUntil: until };
}

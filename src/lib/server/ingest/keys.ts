// Ingest API keys: "mcc_<keyId>_<secret>". Only SHA-256(secret) is stored; lookups are cached in memory.
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
	revoked: number;
}

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
	#cache = new Map<string, { row: KeyRow | null; at: number }>();
	readonly #client: ClickHouseClient;
	readonly #ttlMs: number;

	constructor(client: ClickHouseClient, ttlMs = 10_000) {
		this.#client = client;
		this.#ttlMs = ttlMs;
	}

	async #lookup(keyId: string): Promise<KeyRow | null> {
		const hit = this.#cache.get(keyId);
		if (hit && Date.now() - hit.at < this.#ttlMs) return hit.row;
		const rows = await (
			await this.#client.query({
				query: `SELECT key_id, secret_hash, kind, facility_id, province_code, channel, revoked_at IS NOT NULL AS revoked
				        FROM ingest_keys FINAL WHERE key_id = {keyId:String}`,
				query_params: { keyId },
				format: 'JSONEachRow'
			})
		).json<KeyRow>();
		const row = rows[0] ?? null;
		// Bounded: random key ids sent by strangers must not grow memory without end.
		if (this.#cache.size >= 100_000) this.#cache.clear();
		this.#cache.set(keyId, { row, at: Date.now() });
		return row;
	}

	/** The scope of a presented key, or null when it is unknown, malformed, revoked or wrong. */
	async authenticate(presented: string | null): Promise<KeyScope | null> {
		const match = presented && /^mcc_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/.exec(presented);
		if (!match) return null;
		const row = await this.#lookup(match[1]);
		if (!row || Number(row.revoked)) return null;
		if (!timingSafeEqual(sha256(match[2]), Buffer.from(row.secret_hash, 'hex'))) return null;
		if (row.kind === 'facility') return { kind: 'facility', keyId: row.key_id, facilityId: row.facility_id, provinceCode: row.province_code };
		return { kind: 'channel', keyId: row.key_id, channel: row.channel, families: CHANNEL_FAMILIES[row.channel] ?? [] };
	}
}

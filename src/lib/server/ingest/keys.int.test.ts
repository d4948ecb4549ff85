// The key store on the real engine: the whole key table read once and re-read in the background, a key made since
// found alone, revocations and rotations honoured.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { openDataDir, tempDataDir } from '../testing/server.ts';
import { KeyStore, createIngestKey, createIngestKeys, revokeIngestKey, rotateIngestKey } from './keys.ts';

let client: ClickHouseClient;
/** The SQL of every query the store sent. */
const sent: string[] = [];
let counted: ClickHouseClient;

beforeAll(async () => {
	client = await openDataDir(tempDataDir());
	counted = new Proxy(client, {
		get(target, name, receiver) {
			if (name !== 'query') return Reflect.get(target, name, receiver);
			return (params: Parameters<ClickHouseClient['query']>[0]) => {
				sent.push(params.query);
				return target.query(params);
			};
		}
	});
}, 60_000);
afterAll(async () => client?.close());

it('reads the key table once for many keys, finds a key made since alone, and re-reads it in the background', async () => {
	const sites = await createIngestKeys(client, Array.from({ length: 50 }, (_, i) => ({ kind: 'facility', facilityId: `S-01-${String(i).padStart(5, '0')}`, provinceCode: '01' }) as const));
	const store = new KeyStore(counted, { refreshMs: 300, missTtlMs: 10_000 });
	sent.length = 0;
	const scopes = await Promise.all(sites.map((s) => store.authenticate(s.key)));
	expect(scopes.map((s) => s?.kind === 'facility' && s.facilityId)).toEqual(sites.map((_, i) => `S-01-${String(i).padStart(5, '0')}`));
	expect(sent).toHaveLength(1);

	// A wrong secret of a known key, and an unknown key id (looked up once for all its requests within 10 s).
	expect(await store.authenticate(sites[0].key.slice(0, -1) + (sites[0].key.endsWith('A') ? 'B' : 'A'))).toBeNull();
	const stranger = `mcc_${'0'.repeat(16)}_${'x'.repeat(32)}`;
	await Promise.all([store.authenticate(stranger), store.authenticate(stranger), store.authenticate(stranger)]);
	expect(sent).toHaveLength(2);

	const later = await createIngestKey(client, { kind: 'channel', channel: 'registration' });
	expect(await store.authenticate(later.key)).toMatchObject({ kind: 'channel', channel: 'registration' });
	expect(sent).toHaveLength(3);

	await new Promise((r) => setTimeout(r, 350));
	expect(await store.authenticate(sites[1].key)).not.toBeNull(); // served from memory while the table is read again
	await expect.poll(() => sent.length).toBe(4);
	expect(sent[3]).not.toMatch(/WHERE/);
});

it('refuses a revoked key at once on its node, and a rotated key from the end of its grace without reading again', async () => {
	const store = new KeyStore(client, { refreshMs: 3_600_000 });
	const [a, b] = await createIngestKeys(client, [
		{ kind: 'channel', channel: 'inventory' },
		{ kind: 'channel', channel: 'coldchain' }
	]);
	expect(await store.authenticate(a.key)).not.toBeNull();
	await revokeIngestKey(client, a.keyId, store);
	expect(await store.authenticate(a.key)).toBeNull();

	// Read before the rotation: the store has the old key as valid without end until it reads the table again. The
	// rotation's end is known to a store that read it after the rotation, and checked against the clock.
	const rotated = await rotateIngestKey(client, b.keyId, 400);
	const fresh = new KeyStore(client, { refreshMs: 3_600_000 });
	expect(await fresh.authenticate(b.key)).not.toBeNull();
	expect(await fresh.authenticate(rotated.key)).not.toBeNull();
	await new Promise((r) => setTimeout(r, 450));
	expect(await fresh.authenticate(b.key)).toBeNull();
	expect(await fresh.authenticate(rotated.key)).not.toBeNull();
});

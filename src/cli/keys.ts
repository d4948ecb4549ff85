// `npm run keys -- create --facility SITE_ID --province 01 [--label TEXT]`
// `npm run keys -- create --channel registration|inventory|coldchain|verification|national [--label TEXT]`
// `npm run keys -- rotate --id KEY_ID [--grace-hours 24]`   a new key; the old one keeps working until the grace ends
// `npm run keys -- revoke --id KEY_ID`                      stops it (at once on running servers reachable over Redis)
// `npm run keys -- list`
// Prints a new key once; only its hash is stored. In embedded mode, run it while the server is stopped.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loadConfig } from '../lib/server/config.ts';
import { openClickHouse } from '../lib/server/clickhouse/client.ts';
import { migrate } from '../lib/server/clickhouse/migrate.ts';
import { connectRedis, type RedisTarget } from '../lib/server/redis.ts';
import { createLogger } from '../lib/server/log.ts';
import { createIngestKey, listIngestKeys, revokeIngestKey, rotateIngestKey, CHANNEL_FAMILIES } from '../lib/server/ingest/keys.ts';
import { markIngestKeyRevoked } from '../lib/server/auth/sessions.ts';
import { auditLog } from '../lib/server/auth/audit.ts';
import { PROVINCE_BY_CODE } from '../lib/reference/provinces.ts';

const USAGE =
	'usage: npm run keys -- create (--facility ID --province NN | --channel NAME) [--label TEXT]\n' +
	'       npm run keys -- rotate --id KEY_ID [--grace-hours 24]\n' +
	'       npm run keys -- revoke --id KEY_ID\n' +
	'       npm run keys -- list';
const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: {
		facility: { type: 'string' },
		province: { type: 'string' },
		channel: { type: 'string' },
		label: { type: 'string' },
		id: { type: 'string' },
		'grace-hours': { type: 'string' }
	}
});
function fail(message: string): never {
	console.error(message);
	process.exit(2);
}
const command = positionals[0];
if (!['create', 'rotate', 'revoke', 'list'].includes(command)) fail(USAGE);
if (command === 'create') {
	if (values.channel && !CHANNEL_FAMILIES[values.channel]) fail(`--channel must be one of ${Object.keys(CHANNEL_FAMILIES).join(', ')}`);
	if (!values.channel) {
		if (!values.facility) fail('--facility is required (or --channel)');
		if (!values.province || !PROVINCE_BY_CODE.has(values.province)) fail('--province must be a 2-digit GSO province code of 2021, e.g. 01');
	}
}
if ((command === 'rotate' || command === 'revoke') && !/^[0-9a-f]{16}$/.test(values.id ?? '')) fail('--id must be a key id (16 hex digits: the part after "mcc_"; see `npm run keys -- list`)');
const graceHours = Number(values['grace-hours'] ?? '24');
if (!Number.isFinite(graceHours) || graceHours < 0 || graceHours > 24 * 30) fail('--grace-hours must be 0 to 720');

const config = loadConfig();
const client = await openClickHouse(config.clickhouse);
const app = { clickhouse: client, log: createLogger('warn', 'mcc-keys') };
const actor = { kind: 'cli' as const, name: `cli:${userInfo().username}` };
try {
	await migrate(client);
	if (command === 'create') {
		const { keyId, key } = await createIngestKey(
			client,
			values.channel
				? { kind: 'channel', channel: values.channel, label: values.label }
				: { kind: 'facility', facilityId: values.facility!, provinceCode: values.province!, label: values.label }
		);
		await auditLog(app, { actor, action: 'ingest-key.create', target: keyId, scope: values.channel ? `channel:${values.channel}` : `site:${values.facility}` });
		console.log(key);
	} else if (command === 'rotate') {
		const rotated = await rotateIngestKey(client, values.id!, graceHours * 3_600_000);
		await auditLog(app, { actor, action: 'ingest-key.rotate', target: rotated.oldKeyId, detail: { newKeyId: rotated.keyId, graceHours } });
		console.error(`new key ${rotated.keyId}; the old key ${rotated.oldKeyId} keeps working until ${new Date(rotated.oldValidUntil).toISOString()}`);
		console.log(rotated.key);
	} else if (command === 'revoke') {
		await revokeIngestKey(client, values.id!);
		await auditLog(app, { actor, action: 'ingest-key.revoke', target: values.id! });
		// Running servers cache keys for up to 10 s: the Redis marker stops the key at once where Redis is reachable.
		let target: RedisTarget | null = null;
		if (config.redis.mode === 'external') target = { url: config.redis.url };
		else if (existsSync(config.redis.socket)) target = { path: config.redis.socket };
		const redis = target ? connectRedis(target, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false }) : null;
		redis?.on('error', () => {});
		const marked = redis ? await redis.connect().then(() => markIngestKeyRevoked(redis, values.id!)).then(() => true, () => false) : false;
		redis?.disconnect();
		console.log(`revoked ${values.id}${marked ? ' (at once on running servers)' : ' (running servers stop accepting it within 10 s)'}`);
	} else {
		for (const k of await listIngestKeys(client)) {
			console.log([k.keyId, k.kind === 'facility' ? `${k.facilityId} (${k.provinceCode})` : `channel:${k.channel}`, k.revokedAt ? `until ${k.revokedAt}` : 'valid', k.label].join('\t'));
		}
	}
} catch (error) {
	fail((error as Error).message);
} finally {
	await client.close();
}

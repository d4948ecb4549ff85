// `npm run keys -- create --facility SITE_ID --province 01 [--label TEXT]`
// `npm run keys -- create --channel registration|inventory|coldchain|verification|national [--label TEXT]`
// Prints the key once; only its hash is stored. In embedded mode, run it while the server is stopped.
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/server/config.ts';
import { openClickHouse } from '../lib/server/clickhouse/client.ts';
import { migrate } from '../lib/server/clickhouse/migrate.ts';
import { createIngestKey, CHANNEL_FAMILIES } from '../lib/server/ingest/keys.ts';
import { PROVINCE_BY_CODE } from '../lib/reference/provinces.ts';

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: { facility: { type: 'string' }, province: { type: 'string' }, channel: { type: 'string' }, label: { type: 'string' } }
});
function fail(message: string): never {
	console.error(message);
	process.exit(2);
}
if (positionals[0] !== 'create') fail('usage: npm run keys -- create (--facility ID --province NN | --channel NAME) [--label TEXT]');
if (values.channel && !CHANNEL_FAMILIES[values.channel]) fail(`--channel must be one of ${Object.keys(CHANNEL_FAMILIES).join(', ')}`);
if (!values.channel) {
	if (!values.facility) fail('--facility is required (or --channel)');
	if (!values.province || !PROVINCE_BY_CODE.has(values.province)) fail('--province must be a 2-digit GSO province code of 2021, e.g. 01');
}
const config = loadConfig();
const client = await openClickHouse(config.clickhouse);
try {
	await migrate(client);
	const { key } = await createIngestKey(
		client,
		values.channel
			? { kind: 'channel', channel: values.channel, label: values.label }
			: { kind: 'facility', facilityId: values.facility!, provinceCode: values.province!, label: values.label }
	);
	console.log(key);
} finally {
	await client.close();
}

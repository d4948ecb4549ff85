// `npm run db:migrate`: applies the ClickHouse migrations (the server also does it at start).
import { loadConfig } from '../lib/server/config.ts';
import { openClickHouse } from '../lib/server/clickhouse/client.ts';
import { migrate } from '../lib/server/clickhouse/migrate.ts';

const config = loadConfig();
const client = await openClickHouse(config.clickhouse);
try {
	const result = await migrate(client);
	console.log(
		`applied: ${result.applied.join(', ') || 'none'}; already applied: ${result.skipped.length}; rollups filled from stored events: ${result.backfilled.join(', ') || 'none'}`
	);
} finally {
	await client.close();
}

// `npm run import:reference -- FILE [--kind districts|communes|facilities] [--dry-run]`
// Loads a deployment's official list of districts, communes or facilities from CSV (header row) or JSON (array of
// objects); columns are listed in src/lib/reference/import.ts. The kind is taken from --kind, else from the columns.
// Every row is checked first: any bad row → all errors are listed ("line 7: field population must be …"), nothing
// is written, exit code 1. Otherwise the rows go in one INSERT with a new version and replace those with the same
// code / id (rows not in the file are kept). Import districts before communes, communes before facilities.
// In embedded mode, run it while the server is stopped (only one process may open the data directory).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/server/config.ts';
import { openClickHouse, type ClickHouseClient } from '../lib/server/clickhouse/client.ts';
import { migrate } from '../lib/server/clickhouse/migrate.ts';
import { importReference } from '../lib/server/reference/import.ts';
import { formatOf, IMPORT_KINDS, type ImportKind } from '../lib/reference/import.ts';

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: { kind: { type: 'string' }, 'dry-run': { type: 'boolean' } }
});
function fail(message: string, code = 2): never {
	console.error(message);
	process.exit(code);
}
const usage = 'usage: npm run import:reference -- FILE.csv|FILE.json [--kind districts|communes|facilities] [--dry-run]';
if (positionals.length !== 1) fail(usage);
if (values.kind !== undefined && !(IMPORT_KINDS as readonly string[]).includes(values.kind)) fail(`--kind must be one of ${IMPORT_KINDS.join(', ')}\n${usage}`);
const file = positionals[0];
let text: string;
try {
	text = readFileSync(file, 'utf8');
} catch (error) {
	fail(`cannot read ${file}: ${(error as Error).message}`);
}

const config = loadConfig();
let client: ClickHouseClient;
try {
	client = await openClickHouse(config.clickhouse);
	await migrate(client);
} catch (error) {
	const hint =
		config.clickhouse.mode === 'embedded'
			? `\nThe embedded engine could not open ${config.clickhouse.path}. Only one process may open it: stop the server (npm start / npm run serve) and run this again.`
			: '';
	fail(`cannot open ClickHouse: ${(error as Error).message}${hint}`, 1);
}
try {
	const outcome = await importReference(client, text, { format: formatOf(file, text), kind: values.kind as ImportKind | undefined, dryRun: values['dry-run'] });
	if (!outcome.ok) {
		console.error(`${file}: ${outcome.errors.length} error(s)${outcome.kind ? ` in ${outcome.kind}` : ''}; nothing was written.`);
		for (const error of outcome.errors) console.error(error);
		process.exitCode = 1;
	} else if (values['dry-run']) {
		console.log(`${file}: all rows of ${outcome.kind} are valid (dry run: nothing written).`);
	} else {
		console.log(`${file}: ${outcome.inserted} ${outcome.kind} loaded into ${outcome.table} (version ${outcome.version}).`);
	}
} finally {
	await client.close();
}

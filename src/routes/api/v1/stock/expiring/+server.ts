// GET /api/v1/stock/expiring?scope=&asOf=&days=14: lots expiring within N days with stock left.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { parseCount } from '#lib/server/api/params.ts';
import { lotsExpiring } from '#lib/server/queries/lots-expiring.ts';

export const GET = readEndpoint({ name: 'lots-expiring' }, async ({ app, scope, asOf, url }) => ({
	lots: await lotsExpiring(app.clickhouse, scope, asOf, parseCount('days', url.searchParams.get('days'), 14, 1, 365))
}));

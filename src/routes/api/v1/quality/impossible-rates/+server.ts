// GET /api/v1/quality/impossible-rates?scope=&asOf=&max=40: sites giving more doses per table per hour than possible.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { parseCount } from '#lib/server/api/params.ts';
import { impossibleRates } from '#lib/server/queries/impossible-rates.ts';

export const GET = readEndpoint({ name: 'impossible-rates' }, async ({ app, scope, asOf, url }) => ({
	sites: await impossibleRates(app.clickhouse, scope, asOf, parseCount('max', url.searchParams.get('max'), 40, 1, 1_000))
}));

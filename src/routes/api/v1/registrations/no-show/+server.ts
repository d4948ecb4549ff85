// GET /api/v1/registrations/no-show?scope=&asOf=&days=14: no-show rate per day and over the last 7 days.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { parseCount } from '#lib/server/api/params.ts';
import { noShowRate } from '#lib/server/queries/no-show-rate.ts';

export const GET = readEndpoint({ name: 'no-show-rate' }, ({ app, scope, asOf, url }) =>
	noShowRate(app.clickhouse, scope, asOf, parseCount('days', url.searchParams.get('days'), 14, 1, 120))
);

// GET /api/v1/doses?scope=&asOf=&days=: doses per day (last N days) and per hour of the as-of day, 7-day average.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { parseCount } from '#lib/server/api/params.ts';
import { dosesSeries } from '#lib/server/queries/doses-series.ts';

export const GET = readEndpoint({ name: 'doses' }, ({ app, scope, asOf, url }) =>
	dosesSeries(app.clickhouse, scope, asOf, parseCount('days', url.searchParams.get('days'), 30, 1, 400))
);

// GET /api/v1/registrations/unscheduled?scope=&asOf=&days=7: approved but unscheduled for more than N days, per district.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { parseCount } from '#lib/server/api/params.ts';
import { registrationsUnscheduled } from '#lib/server/queries/registrations-unscheduled.ts';

export const GET = readEndpoint({ name: 'registrations-unscheduled' }, async ({ app, scope, asOf, url }) => ({
	districts: await registrationsUnscheduled(app.clickhouse, scope, asOf, parseCount('days', url.searchParams.get('days'), 7, 1, 365))
}));

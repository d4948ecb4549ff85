// GET /api/v1/quality/silent-sites?scope=&asOf=&minutes=30: sites in session with no event received for N minutes.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { parseCount } from '#lib/server/api/params.ts';
import { silentSites } from '#lib/server/queries/silent-sites.ts';

export const GET = readEndpoint({ name: 'silent-sites' }, async ({ app, scope, asOf, url }) => ({
	sites: await silentSites(app.clickhouse, scope, asOf, { silentMinutes: parseCount('minutes', url.searchParams.get('minutes'), 30, 1, 600) })
}));

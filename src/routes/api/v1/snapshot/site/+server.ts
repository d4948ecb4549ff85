// GET /api/v1/snapshot/site?scope=site:ID&asOf=: everything a site's screen shows, as of an instant.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { siteSnapshot } from '#lib/server/snapshots/site.ts';

export const GET = readEndpoint({ name: 'site', levels: ['site'] }, ({ app, places, scope, asOf }) =>
	siteSnapshot(app.clickhouse, places, scope.level === 'site' ? scope.facility : '', asOf)
);

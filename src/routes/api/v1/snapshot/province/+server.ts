// GET /api/v1/snapshot/province?scope=province:NN&asOf=: everything a province's screen shows, as of an instant.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { provinceSnapshot } from '#lib/server/snapshots/province.ts';

export const GET = readEndpoint({ name: 'province', levels: ['province'] }, ({ app, places, scope, asOf }) =>
	provinceSnapshot(app.clickhouse, places, scope.level === 'province' ? scope.province : '', asOf)
);

// GET /api/v1/coverage?scope=&asOf=: people with ≥ 1 dose, fully vaccinated and boosted, by vaccine, age band, group.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { coverage } from '#lib/server/queries/coverage.ts';

export const GET = readEndpoint({ name: 'coverage' }, ({ app, scope, asOf }) => coverage(app.clickhouse, scope, asOf));

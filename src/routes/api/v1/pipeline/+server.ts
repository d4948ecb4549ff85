// GET /api/v1/pipeline?scope=&asOf=: people at each of the 4 steps now, the day's flows, deferrals and AEFI.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { visitPipeline } from '#lib/server/queries/visit-pipeline.ts';

export const GET = readEndpoint({ name: 'pipeline' }, ({ app, scope, asOf }) => visitPipeline(app.clickhouse, scope, asOf));

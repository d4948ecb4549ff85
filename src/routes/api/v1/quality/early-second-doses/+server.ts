// GET /api/v1/quality/early-second-doses?scope=&asOf=: second doses given before the vaccine's minimum interval.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { earlySecondDoses } from '#lib/server/queries/early-second-doses.ts';

export const GET = readEndpoint({ name: 'early-second-doses' }, ({ app, scope, asOf }) => earlySecondDoses(app.clickhouse, scope, asOf));

// GET /api/v1/quality/duplicate-first-doses?scope=&asOf=: people recorded with more than one first dose (pseudonyms only).
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { duplicateFirstDoses } from '#lib/server/queries/duplicate-first-doses.ts';

export const GET = readEndpoint({ name: 'duplicate-first-doses' }, ({ app, scope, asOf }) => duplicateFirstDoses(app.clickhouse, scope, asOf));

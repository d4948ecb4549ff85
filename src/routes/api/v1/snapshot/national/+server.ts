// GET /api/v1/snapshot/national?asOf=: everything the national wall screen shows, as of an instant.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { nationalSnapshot } from '#lib/server/snapshots/national.ts';

export const GET = readEndpoint({ name: 'national', levels: ['national'] }, ({ app, places, asOf }) => nationalSnapshot(app.clickhouse, places, asOf));

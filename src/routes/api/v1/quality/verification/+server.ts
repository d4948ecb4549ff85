// GET /api/v1/quality/verification?scope=&asOf=: records verified against the population database, rejected, unchecked.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { verificationStatus } from '#lib/server/queries/verification-status.ts';

export const GET = readEndpoint({ name: 'verification' }, ({ app, scope, asOf }) => verificationStatus(app.clickhouse, scope, asOf));

// GET /api/v1/registrations/backlog?scope=&asOf=: registrations by stage, waiting times of the open ones.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { registrationBacklog } from '#lib/server/queries/registration-backlog.ts';

export const GET = readEndpoint({ name: 'registration-backlog' }, ({ app, scope, asOf }) => registrationBacklog(app.clickhouse, scope, asOf));

// GET /api/v1/registrations/provinces?asOf=: open registrations by stage, per province.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { registrationBacklogByProvince } from '#lib/server/queries/registration-backlog-by-province.ts';

export const GET = readEndpoint({ name: 'registration-provinces', levels: ['national'] }, async ({ app, asOf }) => ({
	provinces: await registrationBacklogByProvince(app.clickhouse, asOf)
}));

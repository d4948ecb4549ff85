// GET /api/v1/stock/provinces?scope=&asOf=: per province and vaccine: stock held in the province, burn rate, days of
// supply, predicted stock-out.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { stockByProvince } from '#lib/server/queries/stock-by-province.ts';

export const GET = readEndpoint({ name: 'stock-provinces', levels: ['national', 'province'] }, async ({ app, scope, asOf }) => ({
	provinces: await stockByProvince(app.clickhouse, scope, asOf)
}));

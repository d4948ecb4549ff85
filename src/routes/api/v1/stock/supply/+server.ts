// GET /api/v1/stock/supply?scope=&asOf=: per site and vaccine: on hand, burn rate, days of supply (burn rate and
// bookings), predicted stock-out.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { stockSupply } from '#lib/server/queries/stock-supply.ts';

export const GET = readEndpoint({ name: 'stock-supply' }, async ({ app, scope, asOf }) => ({ sites: await stockSupply(app.clickhouse, scope, asOf) }));

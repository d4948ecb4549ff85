// GET /api/v1/stock/on-hand?scope=&asOf=: doses on hand per facility × vaccine × lot, with expiry.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { stockOnHand } from '#lib/server/queries/stock-on-hand.ts';

export const GET = readEndpoint({ name: 'stock-on-hand' }, async ({ app, scope, asOf }) => ({ lots: await stockOnHand(app.clickhouse, scope, asOf) }));

// GET /api/v1/stock/reconciliation?scope=&asOf=: issued vs administered per site and lot.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { stockReconciliation } from '#lib/server/queries/stock-reconciliation.ts';

export const GET = readEndpoint({ name: 'stock-reconciliation' }, async ({ app, scope, asOf }) => ({ lots: await stockReconciliation(app.clickhouse, scope, asOf) }));

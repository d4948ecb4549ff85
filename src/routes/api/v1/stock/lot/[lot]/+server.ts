// GET /api/v1/stock/lot/LOT?asOf=: where every dose of a manufacturer lot went (national scope only).
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { ParamError } from '#lib/server/api/params.ts';
import { lotTrace } from '#lib/server/queries/lot-trace.ts';

export const GET = readEndpoint({ name: 'lot-trace', levels: ['national'] }, async ({ app, asOf, event }) => {
	const lot = event.params.lot ?? '';
	if (!/^[A-Za-z0-9._:\-/]{1,64}$/.test(lot)) throw new ParamError('lot', 'must be a manufacturer lot number (letters, digits and . _ : - /, at most 64)');
	return { facilities: await lotTrace(app.clickhouse, lot, asOf) };
});

// GET /api/v1/alerts?scope=&state=&rule=: the alert queue (unresolved, and resolved within the last day), most severe
// and oldest first. ?format=csv exports it.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { alertList } from '#lib/server/queries/alert-list.ts';

// The queue names sites: it is the ops view of its scope (operators and admins; a province's for its own), not an aggregate.
export const GET = readEndpoint({ name: 'alerts', levels: ['national', 'province'], view: (s) => ({ level: 'ops', province: s.level === 'province' ? s.province : undefined }) }, async ({ app, scope, asOf, url }) => ({
	alerts: await alertList(app.clickhouse, {
		province: scope.level === 'province' ? scope.province : '',
		state: url.searchParams.get('state') ?? '',
		rule: url.searchParams.get('rule') ?? '',
		resolvedSince: asOf - 86_400_000
	})
}));

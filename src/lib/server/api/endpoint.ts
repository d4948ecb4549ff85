// One shape for every read endpoint: parse scope, asOf and format in one place, answer JSON or CSV, and turn a bad
// parameter into a 400 that names it. Access rules (issue 7) hook in here, so the API and its CSV exports share them:
// 401 without a session, 403 for a scope the principal may not see (src/lib/server/auth/policy.ts canView).
import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import { getApp, type App } from '../app.ts';
import { getPlaces, parseScope, type Places } from '../places.ts';
import type { Scope } from '../queries/scope.ts';
import { ParamError, parseAsOf, parseFormat } from './params.ts';
import { toCsv } from './csv.ts';
import { liveNow } from '../clock.ts';
import { readAccess } from '../auth/guard.ts';
import type { View } from '../auth/policy.ts';

export interface ReadContext {
	app: App;
	places: Places;
	scope: Scope;
	asOf: number;
	url: URL;
	event: RequestEvent;
}

export interface ReadOptions {
	/** Scopes the endpoint answers for (default: all). */
	levels?: readonly Scope['level'][];
	/** File name (without extension) of a CSV download. */
	name: string;
	/**
	 * What the answer shows, for the access check: by default the scope's place (the national scope is every
	 * province's aggregates, open to everyone logged in). An endpoint whose answer is not an aggregate says so, e.g.
	 * the alert queue: `view: (s) => ({ level: 'ops', province: s.level === 'national' ? undefined : s.province })`.
	 */
	view?: (scope: Scope) => View;
}

/** The table of a result for CSV: the result if it is a list, else its list named by ?table= (default the first). */
function tableOf(result: unknown, name: string | null): unknown[] {
	if (Array.isArray(result)) return result;
	const lists = Object.entries(result as Record<string, unknown>).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][];
	if (name !== null) {
		const hit = lists.find(([k]) => k === name);
		if (!hit) throw new ParamError('table', `must be one of ${lists.map(([k]) => k).join(', ') || '(none: this answer has no table)'}`);
		return hit[1];
	}
	if (lists.length === 0) return [result];
	return lists[0][1];
}

export function readEndpoint<T>(options: ReadOptions, run: (ctx: ReadContext) => Promise<T>): RequestHandler {
	return async (event) => {
		// Access (issue 7, auth/policy.ts): 401 without a session, before anything about the request is looked at.
		const unauthenticated = readAccess(event);
		if (unauthenticated) return unauthenticated;
		const app = await getApp();
		const places = await getPlaces(app.clickhouse, app.config.populationScale);
		const url = event.url;
		try {
			const format = parseFormat(url.searchParams.get('format'));
			const asOf = parseAsOf(url.searchParams.get('asOf'), await liveNow(app));
			const parsed = parseScope(url.searchParams.get('scope'), places);
			if (!parsed.ok) throw new ParamError('scope', parsed.message);
			if (options.levels && !options.levels.includes(parsed.scope.level)) throw new ParamError('scope', `must be ${options.levels.join(' or ')} for this endpoint`);
			// 403 when the scope is outside what this principal may see (JSON and CSV alike: one path).
			const denied = readAccess(event, options.view ? options.view(parsed.scope) : parsed.scope);
			if (denied) return denied;
			const result = await run({ app, places, scope: parsed.scope, asOf, url, event });
			const headers = { 'x-mcc-as-of': new Date(asOf).toISOString(), 'cache-control': 'no-store' };
			if (format === 'json') return json(result, { headers });
			const csv = toCsv(tableOf(result, url.searchParams.get('table')));
			return new Response(csv, {
				headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${options.name}.csv"` }
			});
		} catch (error) {
			if (error instanceof ParamError) return json({ error: { param: error.param, message: error.message } }, { status: 400 });
			throw error;
		}
	};
}

// One shape for every read endpoint: parse scope, asOf and format in one place, answer JSON or CSV, and turn a bad
// parameter into a 400 that names it. Access rules (issue 7) hook in here, so pages, API and exports share them.
import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import { getApp, type App } from '../app.ts';
import { getPlaces, parseScope, type Places } from '../places.ts';
import type { Scope } from '../queries/scope.ts';
import { ParamError, parseAsOf, parseFormat } from './params.ts';
import { toCsv } from './csv.ts';
import { liveNow } from '../clock.ts';

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
		const app = await getApp();
		const places = await getPlaces(app.clickhouse, app.config.populationScale);
		const url = event.url;
		try {
			const format = parseFormat(url.searchParams.get('format'));
			const asOf = parseAsOf(url.searchParams.get('asOf'), await liveNow(app));
			const parsed = parseScope(url.searchParams.get('scope'), places);
			if (!parsed.ok) throw new ParamError('scope', parsed.message);
			if (options.levels && !options.levels.includes(parsed.scope.level)) throw new ParamError('scope', `must be ${options.levels.join(' or ')} for this endpoint`);
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

// The load of a drill-down screen (province, site), as the national screen's: who may see it first (login, scope,
// unknown place: guard.ts), then live by default ("now" from the live clock, so a simulated campaign has a today), or
// as of ?asOf= (a past instant: the page shows no live updates).
import { error, type RequestEvent } from '@sveltejs/kit';
import { getApp, type App } from '#lib/server/app.ts';
import { getPlaces, type Places } from '#lib/server/places.ts';
import { ParamError, parseAsOf } from '#lib/server/api/params.ts';
import { liveNow } from '#lib/server/clock.ts';
import { requireView } from '#lib/server/auth/guard.ts';
import { langFrom } from '#lib/i18n.ts';

/** A screen's data for `scope` ("province:01", "site:ID"): 303 to /login, 403 out of scope, 404 for an unknown place. */
export async function loadScreen<T>(event: Pick<RequestEvent, 'locals' | 'url'>, scope: string, snapshot: (app: App, places: Places, asOf: number) => Promise<T | null>) {
	await requireView(event, scope);
	const { url } = event;
	const app = await getApp();
	const places = await getPlaces(app.clickhouse, app.config.populationScale);
	let asOf: number | null = null;
	try {
		asOf = url.searchParams.get('asOf') ? parseAsOf(url.searchParams.get('asOf'), 0) : null;
	} catch (e) {
		if (e instanceof ParamError) error(400, e.message);
		throw e;
	}
	const data = await snapshot(app, places, asOf ?? (await liveNow(app)));
	if (data === null) error(404, 'not found');
	return { snapshot: data, at: Date.now(), asOf, lang: langFrom(url) };
}

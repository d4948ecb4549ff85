import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { getApp } from '#lib/server/app.ts';
import { getPlaces } from '#lib/server/places.ts';
import { nationalSnapshot } from '#lib/server/snapshots/national.ts';
import { ParamError, parseAsOf } from '#lib/server/api/params.ts';
import { langFrom } from '#lib/i18n.ts';
import { liveNow } from '#lib/server/clock.ts';
import { requireView } from '#lib/server/auth/guard.ts';
import { NATIONAL } from '#lib/server/queries/scope.ts';

// The national wall screen: live by default, or as of ?asOf= (a past instant: no live updates).
export const load: PageServerLoad = async (event) => {
	// Anyone logged in (provincial users and wall screens included: the national aggregates); else to /login.
	await requireView(event, NATIONAL);
	const { url } = event;
	const app = await getApp();
	const { clickhouse } = app;
	const places = await getPlaces(clickhouse, app.config.populationScale);
	let asOf: number | null = null;
	try {
		asOf = url.searchParams.get('asOf') ? parseAsOf(url.searchParams.get('asOf'), 0) : null;
	} catch (e) {
		if (e instanceof ParamError) error(400, e.message);
		throw e;
	}
	const now = await liveNow(app);
	return {
		snapshot: await nationalSnapshot(clickhouse, places, asOf ?? now),
		at: Date.now(),
		asOf,
		lang: langFrom(url),
		kiosk: url.searchParams.get('kiosk') === '1',
		metric: url.searchParams.get('metric') ?? 'coverage18'
	};
};

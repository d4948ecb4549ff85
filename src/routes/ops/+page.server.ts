import type { PageServerLoad } from './$types';
import { getApp } from '#lib/server/app.ts';
import { getPlaces } from '#lib/server/places.ts';
import { liveNow } from '#lib/server/clock.ts';
import { opsSnapshot } from '#lib/server/snapshots/ops.ts';
import { principalOf, requireOps } from '#lib/server/auth/guard.ts';
import { canAct } from '#lib/server/auth/policy.ts';
import { langFrom } from '#lib/i18n.ts';

// The operator console: the alert queue of the operator's scope (a province's for a provincial operator).
export const load: PageServerLoad = async (event) => {
	const province = principalOf(event)?.province ?? undefined;
	const principal = requireOps(event, province);
	const app = await getApp();
	const places = await getPlaces(app.clickhouse, app.config.populationScale);
	const now = await liveNow(app);
	return {
		snapshot: await opsSnapshot(app.clickhouse, places, now, province ?? ''),
		room: province ? `ops:${province}` : 'ops',
		at: Date.now(),
		lang: langFrom(event.url),
		user: principal.name,
		// Viewers may look; only operators act (the API checks again).
		canAct: canAct(principal, 'alert.acknowledge', province ? { level: 'province', province } : { level: 'national' })
	};
};

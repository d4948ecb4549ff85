import type { PageServerLoad } from './$types';
import { provinceSnapshot } from '#lib/server/snapshots/province.ts';
import { loadScreen } from '../screen.server.ts';

// A province's screen (GSO code of 2021; any other code is a 404).
export const load: PageServerLoad = (event) =>
	loadScreen(event, `province:${event.params.code}`, (app, places, asOf) => provinceSnapshot(app.clickhouse, places, event.params.code, asOf));

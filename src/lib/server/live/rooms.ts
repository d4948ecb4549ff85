// What each room's screen is: the snapshot functions, as of an instant.
import type { App } from '../app.ts';
import type { Json } from '../../live/patch.ts';
import { getPlaces } from '../places.ts';
import { nationalSnapshot } from '../snapshots/national.ts';
import { provinceSnapshot } from '../snapshots/province.ts';
import { siteSnapshot } from '../snapshots/site.ts';
import { opsSnapshot } from '../snapshots/ops.ts';
import type { SnapshotSource } from './socket.ts';

export function roomSnapshots(app: Pick<App, 'clickhouse' | 'config'>): SnapshotSource {
	return async (room, asOf) => {
		const places = await getPlaces(app.clickhouse, app.config.populationScale);
		const [kind, code] = room.includes(':') ? [room.slice(0, room.indexOf(':')), room.slice(room.indexOf(':') + 1)] : [room, ''];
		let data: unknown = null;
		if (kind === 'national') data = await nationalSnapshot(app.clickhouse, places, asOf);
		else if (kind === 'province') data = await provinceSnapshot(app.clickhouse, places, code, asOf);
		else if (kind === 'site') data = await siteSnapshot(app.clickhouse, places, code, asOf);
		else if (kind === 'ops') data = await opsSnapshot(app.clickhouse, places, asOf, code);
		return data as Json | null;
	};
}

/** The province of a site (for the hub: a site's room changes only with its province's events). */
export function siteProvinceOf(app: Pick<App, 'clickhouse' | 'config'>): (id: string) => Promise<string | undefined> {
	return async (id) => (await getPlaces(app.clickhouse, app.config.populationScale)).facilities.get(id)?.province;
}

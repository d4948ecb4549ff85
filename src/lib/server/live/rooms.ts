// What each room's screen is: the snapshot functions, as of an instant. Rooms of a kind are computed together (one
// run of each query for every province room, another for every site room): a pass costs a few dozen queries however
// many rooms are watched.
import type { App } from '../app.ts';
import type { Json } from '../../live/patch.ts';
import { getPlaces, type Places } from '../places.ts';
import { stockSupply } from '../queries/stock-supply.ts';
import { withPriority } from '../clickhouse/client.ts';
import { nationalSnapshot } from '../snapshots/national.ts';
import { provinceSnapshots } from '../snapshots/province.ts';
import { siteSnapshots } from '../snapshots/site.ts';
import { opsSnapshots } from '../snapshots/ops.ts';
import type { SnapshotSource } from './socket.ts';

export function roomSnapshots(app: Pick<App, 'clickhouse' | 'config'>): SnapshotSource {
	return async (rooms, asOf) => {
		const places = await getPlaces(app.clickhouse, app.config.populationScale);
		const codes = (prefix: string) => rooms.filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length));
		const provinces = codes('province:');
		const sites = codes('site:');
		const ops = [...(rooms.includes('ops') ? [''] : []), ...codes('ops:')];
		// Province and site screens show the same per-site stock: one read of it serves both kinds.
		const supply =
			provinces.length > 0 && sites.length > 0
				? withPriority(1, () => stockSupply(app.clickhouse, { level: 'provinces', provinces: stockProvinces(places, provinces, sites) }, asOf))
				: undefined;
		const [national, byProvince, bySite, byOps] = await Promise.all([
			// The wall screens first (national, then the provinces') where the embedded engine queues calls.
			rooms.includes('national') ? withPriority(0, () => nationalSnapshot(app.clickhouse, places, asOf)) : null,
			provinces.length > 0 ? withPriority(1, () => provinceSnapshots(app.clickhouse, places, provinces, asOf, supply)) : new Map(),
			sites.length > 0 ? siteSnapshots(app.clickhouse, places, sites, asOf, supply) : new Map(),
			ops.length > 0 ? opsSnapshots(app.clickhouse, places, asOf, ops) : new Map()
		]);
		const screens = new Map<string, Json | null>();
		if (national) screens.set('national', national as unknown as Json);
		for (const [code, s] of byProvince) screens.set(`province:${code}`, s);
		for (const [id, s] of bySite) screens.set(`site:${id}`, s);
		for (const [code, s] of byOps) screens.set(code === '' ? 'ops' : `ops:${code}`, s);
		return screens;
	};
}

/** The provinces of the province rooms and of the sites' rooms (unknown sites left out). */
export function stockProvinces(places: Places, provinces: readonly string[], sites: readonly string[]): string[] {
	const all = new Set(provinces);
	for (const id of sites) {
		const province = places.facilities.get(id)?.province;
		if (province) all.add(province);
	}
	return [...all].sort();
}

/** The province of a site (for the hub: a site's room changes only with its province's events). */
export function siteProvinceOf(app: Pick<App, 'clickhouse' | 'config'>): (id: string) => Promise<string | undefined> {
	return async (id) => (await getPlaces(app.clickhouse, app.config.populationScale)).facilities.get(id)?.province;
}

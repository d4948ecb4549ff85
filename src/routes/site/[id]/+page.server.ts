import type { PageServerLoad } from './$types';
import type { DistrictEntry } from '#lib/server/queries/place-directory.ts';
import { siteSnapshot } from '#lib/server/snapshots/site.ts';
import { loadScreen } from '../../province/screen.server.ts';

// A site's screen (a facility id of the directory; an unknown one is a 404). Its district's name comes from the place
// directory, since the snapshot names the district by code only.
export const load: PageServerLoad = async (event) => {
	const { id } = event.params;
	let district: DistrictEntry | undefined;
	const screen = await loadScreen(event, `site:${id}`, (app, places, asOf) => {
		district = places.districts.get(places.facilities.get(id)?.district ?? '');
		return siteSnapshot(app.clickhouse, places, id, asOf);
	});
	return { ...screen, districtName: district ? { vi: district.nameVi, en: district.nameEn } : null };
};

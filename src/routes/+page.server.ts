import type { PageServerLoad } from './$types';
import { getApp } from '#lib/server/app.ts';
import { ingestOverview } from '#lib/server/queries/ingest-overview.ts';
import { provinceDosesLatestDay } from '#lib/server/queries/province-doses-latest-day.ts';

export const load: PageServerLoad = async ({ url }) => {
	const { clickhouse } = await getApp();
	const [overview, topProvinces] = await Promise.all([ingestOverview(clickhouse), provinceDosesLatestDay(clickhouse, 10)]);
	return {
		overview,
		topProvinces,
		lang: url.searchParams.get('lang') === 'en' ? ('en' as const) : ('vi' as const),
		kiosk: url.searchParams.get('kiosk') === '1'
	};
};

// Per district of some provinces, as of an instant: doses, first doses and completed series so far, today's doses and
// doses on each of the 7 full days before (for the pace). From the per-facility multi-grain injections rollup, in one scan: a dose counts in
// the district of the site that gave it; doses of sites unknown to the reference count under district '', so that
// the rows add up to the province's doses (its snapshot sums them instead of asking again). The same scan gives each
// province's doses series (doses-series.ts) in a second grouping: one query fewer for the province screens.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { foldDaysAgo, type CoverageCounts, type DaysAgoRow } from './coverage.ts';
import { DAYS_AGO, GRAIN_BOUNDS, SO_FAR } from './grains.ts';
import { primaryDoses } from './vaccine-doses.ts';
import { SERIES_KIND_AT, isSeriesRow, seriesOf, type DosesSeries, type SeriesRow } from './doses-series.ts';

export interface DistrictProgressRow {
	province: string;
	district: string;
	total: CoverageCounts;
	today: CoverageCounts;
	last7Days: CoverageCounts[];
}

export interface DistrictProgress {
	districts: DistrictProgressRow[];
	/** Province code → its doses series (every province asked for). */
	series: Map<string, DosesSeries>;
}

const SQL = `
WITH ${GRAIN_BOUNDS}
SELECT d.province_code AS province, f.district_code AS district,
       least(8, ${DAYS_AGO}) AS days_ago,
       ${SERIES_KIND_AT},
       vaccine, dose_number,
       sum(n) AS doses,
       sumIf(n, dose_number = 1) AS at_least_one,
       sumIf(n, dose_number = {primaryDoses:Map(String, UInt8)}[vaccine]) AS full,
       sumIf(n, dose_number = {primaryDoses:Map(String, UInt8)}[vaccine] + 1) AS boosted
FROM injections_facility_grains AS d
LEFT JOIN (SELECT id, district_code FROM ref_facility FINAL WHERE deleted = 0 AND province_code IN {provinces:Array(String)}) AS f ON f.id = d.facility_id
WHERE d.province_code IN {provinces:Array(String)} AND ${SO_FAR}
GROUP BY GROUPING SETS ((province, district, days_ago), (province, kind, at, vaccine, dose_number))
`;

// Rows of the first grouping have kind '' (not grouped by it); those of the second, a series kind (or '-', outside
// the series' days).
type Row = DaysAgoRow & Omit<SeriesRow, 'kind'> & { province: string; district: string; kind: SeriesRow['kind'] | '' | '-' };

/** The districts of `provinces` and each province's series over `seriesDays` days (the as-of day last). */
export async function districtProgress(client: ClickHouseClient, provinces: readonly string[], asOf: number, seriesDays = 30): Promise<DistrictProgress> {
	// The days read as days reach back at least 7 days (the pace) and the series' days.
	const rows = await selectRows<Row>(client, SQL, { provinces, asOf, days: Math.max(7, seriesDays), seriesDays, primaryDoses: await primaryDoses(client) });
	const progress = rows.filter((r) => r.kind === '').sort((a, b) => a.province.localeCompare(b.province) || a.district.localeCompare(b.district));
	const series = Map.groupBy(rows.filter(isSeriesRow), (r) => r.province);
	return {
		districts: [...Map.groupBy(progress, (r) => `${r.province}:${r.district}`).values()].map((mine) => ({ province: mine[0].province, district: mine[0].district, ...foldDaysAgo(mine) })),
		series: new Map(provinces.map((code) => [code, seriesOf(series.get(code) ?? [], asOf, seriesDays)]))
	};
}

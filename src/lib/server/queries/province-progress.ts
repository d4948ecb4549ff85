// Per province, as of an instant: doses, people with ≥ 1 dose, fully vaccinated and boosted so far, and the same for
// each of the 7 full days before the as-of day and for the as-of day itself — what the national screen needs for
// coverage, today's doses, the 7-day pace and the required pace — and, from the same scan, the national doses series
// (doses-series.ts): one scan of the multi-grain injections rollup, two groupings. Each query costs the embedded
// engine milliseconds of planning however few rows it reads, so the national screen asks once for both.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { foldDaysAgo, type CoverageCounts, type DaysAgoRow } from './coverage.ts';
import { DAYS_AGO, GRAIN_BOUNDS, SO_FAR } from './grains.ts';
import { primaryDoses } from './vaccine-doses.ts';
import { SERIES_KIND_AT, isSeriesRow, seriesOf, type DosesSeries, type SeriesRow } from './doses-series.ts';

export interface ProvinceProgressRow {
	province: string;
	/** Everything up to the as-of instant. */
	total: CoverageCounts;
	/** The 7 full days before the as-of day, oldest first (days without doses count 0). */
	last7Days: CoverageCounts[];
	/** The as-of day, up to the as-of instant. */
	today: CoverageCounts;
}

export interface ProvinceProgress {
	/** Every province with doses, or only the one asked for. */
	provinces: ProvinceProgressRow[];
	/** The doses series of the same scope (the nation, or the province). */
	series: DosesSeries;
}

// Rows of the first grouping have kind '' (not grouped by it); those of the second, a series kind (or '-', outside
// the series' days).
const SQL = `
WITH ${GRAIN_BOUNDS}
SELECT province_code AS province,
       least(8, ${DAYS_AGO}) AS days_ago,
       ${SERIES_KIND_AT},
       vaccine, dose_number,
       sum(n) AS doses,
       sumIf(n, dose_number = 1) AS at_least_one,
       sumIf(n, dose_number = {primaryDoses:Map(String, UInt8)}[vaccine]) AS full,
       sumIf(n, dose_number = {primaryDoses:Map(String, UInt8)}[vaccine] + 1) AS boosted
FROM injections_province_grains
WHERE ${SO_FAR} AND ({province:String} = '' OR province_code = {province:String})
GROUP BY GROUPING SETS ((province, days_ago), (kind, at, vaccine, dose_number))
`;

type Row = DaysAgoRow & Omit<SeriesRow, 'kind'> & { province: string; kind: SeriesRow['kind'] | '' | '-' };

/** Every province with doses, or only `province`; the series over `seriesDays` days (the as-of day last). */
export async function provinceProgress(client: ClickHouseClient, asOf: number, province = '', seriesDays = 30): Promise<ProvinceProgress> {
	// The days read as days reach back at least 7 days (the pace) and the series' days.
	const days = Math.max(7, seriesDays);
	const rows = await selectRows<Row>(client, SQL, { asOf, province, days, seriesDays, primaryDoses: await primaryDoses(client) });
	const progress = rows.filter((r) => r.kind === '').sort((a, b) => a.province.localeCompare(b.province));
	return {
		provinces: [...Map.groupBy(progress, (r) => r.province)].map(([province, mine]) => ({ province, ...foldDaysAgo(mine) })),
		series: seriesOf(rows.filter(isSeriesRow), asOf, seriesDays)
	};
}

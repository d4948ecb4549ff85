// Doses over time for a scope, as of an instant: per local day for the last N days (the as-of day last, up to the
// instant) and per hour of the as-of day, each by vaccine and dose number; and the 7-day average of full days.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { byUnit, needsFacilityGrain, scopeParams, unitOf, type Scope, type Units } from './scope.ts';
import { localDay } from '../../format.ts';
import { GRAIN_BOUNDS, TODAY } from './grains.ts';

export interface DosesBucket {
	/** YYYY-MM-DD for days; epoch ms of the hour's start for hours. */
	at: string | number;
	doses: number;
	byVaccine: Record<string, number>;
	byDose: Record<number, number>;
}

export interface DosesSeries {
	daily: DosesBucket[];
	hourly: DosesBucket[];
	/** Mean doses a day over the 7 full days before the as-of day. */
	sevenDayAverage: number;
}

// kind 'd': the N − 1 whole days before the as-of day, as YYYY-MM-DD; kind 'h': hours of the as-of day as epoch ms.
// One scan of a multi-grain injections rollup (clickhouse/0010): day rows, then the as-of day's hours and minutes.
const BUCKETS = (unit: string) => `
SELECT ${unit} AS unit, if(grain = 'day', 'd', 'h') AS kind,
       if(grain = 'day', toString(toDate(bucket, 'Asia/Ho_Chi_Minh')), toString(toUnixTimestamp(toStartOfHour(bucket)) * 1000)) AS at,
       vaccine, dose_number, sum(n) AS doses`;
const DAYS = `((grain = 'day' AND bucket >= toDateTime(as_of_day - {days:UInt16} + 1, 'Asia/Ho_Chi_Minh') AND bucket < day_start) OR ${TODAY})`;

const PROVINCE_GRAIN = `
WITH ${GRAIN_BOUNDS}
${BUCKETS("if(empty({provinces:Array(String)}), '', province_code)")}
FROM injections_province_grains
WHERE ${DAYS} AND (empty({provinces:Array(String)}) OR province_code IN {provinces:Array(String)})
GROUP BY unit, kind, at, vaccine, dose_number
`;

const FACILITY_GRAIN = `
WITH ${GRAIN_BOUNDS}
${BUCKETS("if(empty({facilities:Array(String)}), '', facility_id)")}
FROM injections_facility_grains
WHERE province_code IN {provinces:Array(String)} AND ${DAYS}
  AND (empty({facilities:Array(String)}) OR facility_id IN {facilities:Array(String)})
  AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
GROUP BY unit, kind, at, vaccine, dose_number
`;

interface Row {
	unit: string;
	kind: 'd' | 'h';
	at: string;
	vaccine: string;
	dose_number: number;
	doses: string;
}

const DAY_MS = 86_400_000;

export async function dosesSeries(client: ClickHouseClient, scope: Scope, asOf: number, days = 30): Promise<DosesSeries> {
	return (await dosesSeriesByUnit(client, scope, asOf, days)).get(unitOf(scope))!;
}

/** The series of each province or site of the scope. */
export async function dosesSeriesByUnit(client: ClickHouseClient, scope: Scope | Units, asOf: number, days = 30): Promise<Map<string, DosesSeries>> {
	const rows = await selectRows<Row>(client, needsFacilityGrain(scope) ? FACILITY_GRAIN : PROVINCE_GRAIN, { ...scopeParams(scope), asOf, days });
	return byUnit(scope, rows, (mine) => seriesOf(mine, asOf, days));
}

function seriesOf(rows: readonly Row[], asOf: number, days: number): DosesSeries {
	const daily = new Map<string, DosesBucket>();
	// Every day of the window is listed, with zeros where nothing was given.
	for (let i = days - 1; i >= 0; i--) {
		const day = localDay(asOf - i * DAY_MS);
		daily.set(day, { at: day, doses: 0, byVaccine: {}, byDose: {} });
	}
	const hourly = new Map<number, DosesBucket>();
	const today = localDay(asOf);
	for (const row of rows) {
		const doses = Number(row.doses);
		let bucket: DosesBucket;
		if (row.kind === 'd') bucket = daily.get(row.at)!;
		else {
			const hour = Number(row.at);
			bucket = hourly.get(hour) ?? { at: hour, doses: 0, byVaccine: {}, byDose: {} };
			hourly.set(hour, bucket);
			// The as-of day's total is the sum of its hours.
			add(daily.get(today)!, row.vaccine, Number(row.dose_number), doses);
		}
		add(bucket, row.vaccine, Number(row.dose_number), doses);
	}
	const list = [...daily.values()];
	const fullDays = list.slice(-8, -1);
	return {
		daily: list,
		hourly: [...hourly.values()].sort((a, b) => (a.at as number) - (b.at as number)),
		sevenDayAverage: fullDays.length === 0 ? 0 : fullDays.reduce((s, b) => s + b.doses, 0) / fullDays.length
	};
}

function add(bucket: DosesBucket, vaccine: string, dose: number, doses: number): void {
	bucket.doses += doses;
	bucket.byVaccine[vaccine] = (bucket.byVaccine[vaccine] ?? 0) + doses;
	bucket.byDose[dose] = (bucket.byDose[dose] ?? 0) + doses;
}

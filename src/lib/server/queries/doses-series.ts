// Doses over time for a scope, as of an instant: per local day for the last N days (the as-of day last, up to the
// instant) and per hour of the as-of day, each by vaccine and dose number; and the 7-day average of full days.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { needsFacilityGrain, scopeParams, type Scope } from './scope.ts';
import { localDay } from '../../format.ts';

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

const AS_OF = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start`;

// kind 'd': day buckets as YYYY-MM-DD; kind 'h': hours of the as-of day as epoch ms.
const PROVINCE_GRAIN = `${AS_OF}
SELECT 'd' AS kind, toString(day) AS at, vaccine, dose_number, sum(n) AS doses FROM visit_steps_province_day
WHERE ({province:String} = '' OR province_code = {province:String}) AND step = 'injected' AND day >= as_of_day - {days:UInt16} + 1 AND day < as_of_day
GROUP BY at, vaccine, dose_number
UNION ALL
SELECT 'h' AS kind, toString(toUnixTimestamp(toStartOfHour(minute)) * 1000) AS at, vaccine, dose_number, sum(n) AS doses FROM visit_steps_province_minute
WHERE ({province:String} = '' OR province_code = {province:String}) AND step = 'injected' AND minute >= day_start AND minute < until
GROUP BY at, vaccine, dose_number
`;

const FACILITY_FILTER = `province_code = {province:String} AND step = 'injected'
      AND ({facility:String} = '' OR facility_id = {facility:String})
      AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))`;

const FACILITY_GRAIN = `${AS_OF}
SELECT 'd' AS kind, toString(day) AS at, vaccine, dose_number, sum(n) AS doses FROM visit_steps_facility_day
WHERE ${FACILITY_FILTER} AND day >= as_of_day - {days:UInt16} + 1 AND day < as_of_day
GROUP BY at, vaccine, dose_number
UNION ALL
SELECT 'h' AS kind, toString(toUnixTimestamp(toStartOfHour(minute)) * 1000) AS at, vaccine, dose_number, sum(n) AS doses FROM visit_steps_facility_minute
WHERE ${FACILITY_FILTER} AND minute >= day_start AND minute < until
GROUP BY at, vaccine, dose_number
`;

interface Row {
	kind: 'd' | 'h';
	at: string;
	vaccine: string;
	dose_number: number;
	doses: string;
}

const DAY_MS = 86_400_000;

export async function dosesSeries(client: ClickHouseClient, scope: Scope, asOf: number, days = 30): Promise<DosesSeries> {
	const rows = await selectRows<Row>(client, needsFacilityGrain(scope) ? FACILITY_GRAIN : PROVINCE_GRAIN, { ...scopeParams(scope), asOf, days });
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

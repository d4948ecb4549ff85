// The national wall screen's data as of an instant, in one object: headline counters, coverage against both
// targets with pace, required pace and projected date, every province, the worst ten, today's hours and the last
// 30 days. Every number comes from a query file; this only composes them.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import type { Places } from '../places.ts';
import { PROVINCES } from '../../reference/provinces.ts';
import { targetProgress, type TargetProgress } from '../../domain/progress.ts';
import { provinceProgress } from '../queries/province-progress.ts';
import { dosesSeries, type DosesBucket } from '../queries/doses-series.ts';
import { latestActivity } from '../queries/latest-activity.ts';
import { plusCounts, zeroCounts, type CoverageCounts } from '../queries/coverage.ts';
import { localDay } from '../../format.ts';
import { alertList } from '../queries/alert-list.ts';
import { stockByProvince } from '../queries/stock-by-province.ts';
import { registrationBacklogByProvince } from '../queries/registration-backlog-by-province.ts';
import { openAt, type Alert } from '../../domain/alerts/lifecycle.ts';

export interface PlaceProgress {
	code: string;
	population: number;
	population18: number;
	total: CoverageCounts;
	today: CoverageCounts;
	/** Mean doses a day over the 7 full days before today. */
	pace: number;
	targets: TargetProgress[];
	/** Newest visit event (event time), null when none in the last 7 days. */
	latestEventAt: number | null;
}

export interface ProvinceRow extends PlaceProgress {
	/** Usable doses held in the province (its stores and sites) over its 7-day burn rate; null when nothing is used. */
	daysOfStock: number | null;
	dosesOnHand: number;
	/** Registrations approved and not yet scheduled to a slot (awaiting allocation or scheduling). */
	backlog: number;
}

export interface NationalSnapshot {
	asOf: number;
	day: string;
	population18Estimated: boolean;
	/** Denominators are the census × this (below 1 for a simulated campaign: say so on screen). */
	populationScale: number;
	national: Omit<PlaceProgress, 'code'>;
	provinces: ProvinceRow[];
	/** Provinces furthest from the adults target (lowest share of 18+ with a first dose), worst first. */
	worst: string[];
	hourly: DosesBucket[];
	daily: DosesBucket[];
	/** Critical alerts not yet resolved, newest first: the wall's ticker. */
	ticker: Alert[];
}

function stockFigures(supply: readonly { onHand: number; burnRate: number }[]): { dosesOnHand: number; daysOfStock: number | null } {
	const onHand = supply.reduce((s, x) => s + Math.max(0, x.onHand), 0);
	const burn = supply.reduce((s, x) => s + x.burnRate, 0);
	return { dosesOnHand: onHand, daysOfStock: burn > 0 ? Math.round((onHand / burn) * 10) / 10 : null };
}

const zero = zeroCounts;
const plus = plusCounts;

export async function nationalSnapshot(client: ClickHouseClient, places: Places, asOf: number): Promise<NationalSnapshot> {
	const day = localDay(asOf);
	const [progress, series, latest, alerts, stock, backlog] = await Promise.all([
		provinceProgress(client, asOf),
		dosesSeries(client, { level: 'national' }, asOf, 30),
		latestActivity(client, asOf),
		alertList(client, { state: '', resolvedSince: asOf, limit: 200 }),
		stockByProvince(client, { level: 'national' }, asOf),
		registrationBacklogByProvince(client, asOf)
	]);
	const stockOf = Map.groupBy(stock, (s) => s.provinceCode);
	const backlogOf = new Map(backlog.map((b) => [b.code, b]));
	const byCode = new Map(progress.map((p) => [p.province, p]));
	const provinces = PROVINCES.map((info): ProvinceRow => {
		const p = byCode.get(info.code);
		const people = places.population.get(info.code) ?? { population: 0, population18: 0 };
		const last7Days = p?.last7Days ?? Array.from({ length: 7 }, zero);
		return {
			code: info.code,
			population: people.population,
			population18: people.population18,
			total: p?.total ?? zero(),
			today: p?.today ?? zero(),
			pace: last7Days.reduce((s, d) => s + d.doses, 0) / 7,
			targets: targetProgress({ total: p?.total ?? zero(), last7Days }, people, day),
			latestEventAt: latest.get(info.code) ?? null,
			...stockFigures(stockOf.get(info.code) ?? []),
			backlog: (backlogOf.get(info.code)?.approved ?? 0) + (backlogOf.get(info.code)?.allocated ?? 0)
		};
	});
	const total = provinces.reduce((s, p) => plus(s, p.total), zero());
	const last7Days = Array.from({ length: 7 }, (_, i) => progress.reduce((s, p) => plus(s, p.last7Days[i]), zero()));
	const { population, population18, population18Estimated } = places.nationalPopulation;
	const latestAll = Math.max(0, ...latest.values());
	const worst = provinces
		.filter((p) => p.population18 > 0)
		.sort((a, b) => a.targets[0].coverage - b.targets[0].coverage || a.code.localeCompare(b.code))
		.slice(0, 10)
		.map((p) => p.code);
	return {
		asOf,
		day,
		population18Estimated,
		populationScale: places.populationScale,
		national: {
			population,
			population18,
			total,
			today: provinces.reduce((s, p) => plus(s, p.today), zero()),
			pace: series.sevenDayAverage,
			targets: targetProgress({ total, last7Days }, { population, population18 }, day),
			latestEventAt: latestAll > 0 ? latestAll : null
		},
		provinces,
		worst,
		hourly: series.hourly,
		daily: series.daily,
		ticker: alerts.filter((a) => a.severity === 'critical' && openAt(a, asOf)).sort((a, b) => b.openedAt - a.openedAt).slice(0, 20)
	};
}

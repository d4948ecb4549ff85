// A province's screen as of an instant: where it stands against the targets, its districts, every site (map and
// table), the pipeline of the day and the trend. Composes query files only.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import type { Places } from '../places.ts';
import { targetProgress } from '../../domain/progress.ts';
import { localDay } from '../../format.ts';
import { districtProgress, type DistrictProgressRow } from '../queries/district-progress.ts';
import { siteActivity, type SiteActivity } from '../queries/site-activity.ts';
import { dosesSeriesByUnit, type DosesBucket, type DosesSeries } from '../queries/doses-series.ts';
import { visitPipelineByUnit, type VisitPipeline } from '../queries/visit-pipeline.ts';
import { plusCounts, zeroCounts, type CoverageCounts } from '../queries/coverage.ts';
import type { PlaceProgress } from './national.ts';
import { alertList } from '../queries/alert-list.ts';
import { stockSupply, type SiteSupply, type Supply } from '../queries/stock-supply.ts';
import { openAt, type Alert } from '../../domain/alerts/lifecycle.ts';

export interface DistrictRow extends PlaceProgress {
	nameVi: string;
	nameEn: string;
	lon: number;
	lat: number;
}

export interface SiteRow {
	id: string;
	nameVi: string;
	nameEn: string;
	district: string;
	tables: number;
	lon: number;
	lat: number;
	dosesToday: number;
	waiting: number;
	inObservation: number;
	/** Epoch ms of its newest visit event today; null when it has none today. */
	lastEventAt: number | null;
	/** out: a vaccine it uses is gone; low: one lasts under 2 days (bookings counted); unknown: no stock recorded. */
	stockStatus: 'ok' | 'low' | 'out' | 'unknown';
	/** The shortest days of supply among its vaccines in use (bookings counted); null when unknown or unbounded. */
	daysOfSupply: number | null;
}

/** A site's stock status from its supply per vaccine (see SiteRow.stockStatus). */
export function stockStatusOf(supply: readonly Supply[]): Pick<SiteRow, 'stockStatus' | 'daysOfSupply'> {
	const inUse = supply.filter((s) => s.vaccine !== '' && (s.onHand > 0 || s.burnRate > 0 || (s.booked[0] ?? 0) > 0));
	if (inUse.length === 0) return { stockStatus: 'unknown', daysOfSupply: null };
	const days = Math.min(...inUse.map((s) => s.daysOfSupplyBooked));
	const finite = Number.isFinite(days) ? Math.round(days * 10) / 10 : null;
	if (inUse.some((s) => s.onHand <= 0)) return { stockStatus: 'out', daysOfSupply: 0 };
	return { stockStatus: days < 2 ? 'low' : 'ok', daysOfSupply: finite };
}

export interface ProvinceSnapshot {
	asOf: number;
	day: string;
	code: string;
	population18Estimated: boolean;
	populationScale: number;
	progress: PlaceProgress;
	districts: DistrictRow[];
	sites: SiteRow[];
	pipeline: VisitPipeline;
	hourly: DosesBucket[];
	daily: DosesBucket[];
	/** The province's alerts not yet resolved, most severe first. */
	alerts: Alert[];
}

const zero = zeroCounts;
const weekOfZeros = () => Array.from({ length: 7 }, zero);
const meanDoses = (days: CoverageCounts[]) => days.reduce((s, d) => s + d.doses, 0) / 7;

export async function provinceSnapshot(client: ClickHouseClient, places: Places, code: string, asOf: number): Promise<ProvinceSnapshot> {
	return (await provinceSnapshots(client, places, [code], asOf)).get(code)!;
}

/**
 * The screens of several provinces from one run of each query (the live hub's pass over every province room).
 * `supply`: the stock of at least every site of these provinces, when the caller reads it anyway (the hub's site rooms).
 */
export async function provinceSnapshots(
	client: ClickHouseClient,
	places: Places,
	codes: readonly string[],
	asOf: number,
	supply?: Promise<SiteSupply[]>
): Promise<Map<string, ProvinceSnapshot>> {
	const units = { level: 'provinces', provinces: codes } as const;
	const [districts, activity, series, pipelines, alerts, sitesSupply] = await Promise.all([
		districtProgress(client, codes, asOf),
		siteActivity(client, codes, asOf),
		dosesSeriesByUnit(client, units, asOf, 30),
		visitPipelineByUnit(client, units, asOf),
		alertList(client, codes.length === 1 ? { province: codes[0], resolvedSince: asOf, limit: 200 } : { provinces: codes, resolvedSince: asOf, perProvince: 200, limit: 200 * codes.length }),
		supply ?? stockSupply(client, units, asOf)
	]);
	const districtsOf = Map.groupBy(districts, (d) => d.province);
	const activityOf = Map.groupBy(activity, (a) => a.province);
	const supplyOf = Map.groupBy(sitesSupply, (s) => s.provinceCode);
	const alertsOf = Map.groupBy(alerts, (a) => a.province);
	return new Map(
		codes.map((code) => [
			code,
			assemble(places, code, asOf, {
				districts: districtsOf.get(code) ?? [],
				activity: activityOf.get(code) ?? [],
				series: series.get(code)!,
				pipeline: pipelines.get(code)!,
				alerts: alertsOf.get(code) ?? [],
				supply: supplyOf.get(code) ?? []
			})
		])
	);
}

interface ProvinceAnswers {
	districts: DistrictProgressRow[];
	activity: SiteActivity[];
	series: DosesSeries;
	pipeline: VisitPipeline;
	alerts: Alert[];
	supply: SiteSupply[];
}

function assemble(places: Places, code: string, asOf: number, { districts, activity, series, pipeline, alerts, supply }: ProvinceAnswers): ProvinceSnapshot {
	const day = localDay(asOf);
	// The province's own numbers are the sum of its districts' (one query fewer: each costs milliseconds here).
	const mine = districts.length === 0 ? undefined : {
		total: districts.reduce((s, d) => plusCounts(s, d.total), zero()),
		today: districts.reduce((s, d) => plusCounts(s, d.today), zero()),
		last7Days: weekOfZeros().map((z, i) => districts.reduce((s, d) => plusCounts(s, d.last7Days[i]), z))
	};
	const supplyOf = Map.groupBy(supply, (s) => s.facilityId);
	const people = places.population.get(code);
	const denominators = { population: people?.population ?? 0, population18: people?.population18 ?? 0 };
	const last7 = mine?.last7Days ?? weekOfZeros();
	const latest = activity.reduce((m, a) => Math.max(m, a.lastEventAt), 0);
	const byDistrict = new Map(districts.map((d) => [d.district, d]));
	const byFacility = new Map(activity.map((a) => [a.facility, a]));
	return {
		asOf,
		day,
		code,
		population18Estimated: people?.population18Estimated ?? true,
		populationScale: places.populationScale,
		progress: {
			code,
			...denominators,
			total: mine?.total ?? zero(),
			today: mine?.today ?? zero(),
			pace: meanDoses(last7),
			targets: targetProgress({ total: mine?.total ?? zero(), last7Days: last7 }, denominators, day),
			latestEventAt: latest > 0 ? latest : null
		},
		districts: places.districtsOf(code).map((d): DistrictRow => {
			const p = byDistrict.get(d.code);
			const pop = places.population.get(d.code);
			const dd = { population: pop?.population ?? 0, population18: pop?.population18 ?? 0 };
			const week = p?.last7Days ?? weekOfZeros();
			return {
				code: d.code,
				nameVi: d.nameVi,
				nameEn: d.nameEn,
				lon: d.lon,
				lat: d.lat,
				...dd,
				total: p?.total ?? zero(),
				today: p?.today ?? zero(),
				pace: meanDoses(week),
				targets: targetProgress({ total: p?.total ?? zero(), last7Days: week }, dd, day),
				latestEventAt: null
			};
		}),
		sites: places.sitesOf(code).map((f): SiteRow => {
			const a = byFacility.get(f.id);
			return {
				id: f.id,
				nameVi: f.nameVi,
				nameEn: f.nameEn,
				district: f.district,
				tables: f.tables,
				lon: f.lon,
				lat: f.lat,
				dosesToday: a?.dosesToday ?? 0,
				waiting: a?.waiting ?? 0,
				inObservation: a?.inObservation ?? 0,
				lastEventAt: a ? a.lastEventAt : null,
				...stockStatusOf(supplyOf.get(f.id) ?? [])
			};
		}),
		pipeline,
		hourly: series.hourly,
		daily: series.daily,
		alerts: alerts.filter((a) => openAt(a, asOf))
	};
}

// A site's screen as of an instant: the live 4-step pipeline, deferral reasons, AEFI, the certificate lag, and its
// doses today by hour and over the last two weeks. Composes query files only.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import type { Places } from '../places.ts';
import type { FacilityEntry } from '../queries/place-directory.ts';
import { localDay } from '../../format.ts';
import { dosesSeriesByUnit, type DosesBucket } from '../queries/doses-series.ts';
import { visitPipelineByUnit, type VisitPipeline } from '../queries/visit-pipeline.ts';
import { certificateLag, type CertificateLag } from '../queries/certificate-lag.ts';
import { stockOnHand } from '../queries/stock-on-hand.ts';
import { stockSupply, type SiteSupply } from '../queries/stock-supply.ts';

export interface SiteSnapshot {
	asOf: number;
	day: string;
	site: FacilityEntry;
	pipeline: VisitPipeline;
	certificateLag: CertificateLag;
	hourly: DosesBucket[];
	daily: DosesBucket[];
	sevenDayAverage: number;
	/** Stock by lot, soonest expiry first. */
	stock: { vaccine: string; lot: string; expiry: string; onHand: number }[];
	/** Per vaccine: on hand, burn rate, days of supply (bookings counted), predicted stock-out. */
	supply: { vaccine: string; onHand: number; burnRate: number; daysOfSupply: number | null; stockoutAt: number | null }[];
}

/** Null when the facility is unknown. */
export async function siteSnapshot(client: ClickHouseClient, places: Places, id: string, asOf: number): Promise<SiteSnapshot | null> {
	return (await siteSnapshots(client, places, [id], asOf)).get(id) ?? null;
}

/**
 * The screens of several sites from one run of each query (the live hub's pass over every site room); unknown ids are
 * left out. `supply`: the stock of at least these sites, when the caller reads it anyway (the hub's province rooms).
 */
export async function siteSnapshots(
	client: ClickHouseClient,
	places: Places,
	ids: readonly string[],
	asOf: number,
	supply?: Promise<SiteSupply[]>
): Promise<Map<string, SiteSnapshot>> {
	const known = ids.flatMap((id) => places.facilities.get(id) ?? []);
	if (known.length === 0) return new Map();
	const sites = known.map((f) => ({ province: f.province, facility: f.id }));
	const units = { level: 'sites', sites } as const;
	const [pipelines, lags, series, lots, sitesSupply] = await Promise.all([
		visitPipelineByUnit(client, units, asOf),
		certificateLag(client, sites, asOf),
		dosesSeriesByUnit(client, units, asOf, 14),
		stockOnHand(client, units, asOf),
		supply ?? stockSupply(client, units, asOf)
	]);
	const lotsOf = Map.groupBy(lots, (l) => l.facilityId);
	const supplyOf = Map.groupBy(sitesSupply, (s) => s.facilityId);
	const day = localDay(asOf);
	return new Map(
		known.map((site) => {
			const mine = series.get(site.id)!;
			const snapshot: SiteSnapshot = {
				asOf,
				day,
				site,
				pipeline: pipelines.get(site.id)!,
				certificateLag: lags.get(site.id)!,
				hourly: mine.hourly,
				daily: mine.daily,
				sevenDayAverage: mine.sevenDayAverage,
				stock: (lotsOf.get(site.id) ?? [])
					.filter((l) => l.onHand > 0)
					.map((l) => ({ vaccine: l.vaccine, lot: l.lotNumber, expiry: l.expiryDate ?? '', onHand: l.onHand }))
					.sort((a, b) => a.expiry.localeCompare(b.expiry) || a.lot.localeCompare(b.lot)),
				supply: (supplyOf.get(site.id) ?? [])
					.filter((s) => s.vaccine !== '')
					.map((s) => ({
						vaccine: s.vaccine,
						onHand: s.onHand,
						burnRate: s.burnRate,
						daysOfSupply: Number.isFinite(s.daysOfSupplyBooked) ? s.daysOfSupplyBooked : null,
						stockoutAt: s.stockOutAtBooked
					}))
			};
			return [site.id, snapshot];
		})
	);
}

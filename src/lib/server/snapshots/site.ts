// A site's screen as of an instant: the live 4-step pipeline, deferral reasons, AEFI, the certificate lag, and its
// doses today by hour and over the last two weeks. Composes query files only.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import type { Places } from '../places.ts';
import type { FacilityEntry } from '../queries/place-directory.ts';
import { localDay } from '../../format.ts';
import { dosesSeries, type DosesBucket } from '../queries/doses-series.ts';
import { visitPipeline, type VisitPipeline } from '../queries/visit-pipeline.ts';
import { certificateLag, type CertificateLag } from '../queries/certificate-lag.ts';
import { stockOnHand } from '../queries/stock-on-hand.ts';
import { stockSupply } from '../queries/stock-supply.ts';

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
	const site = places.facilities.get(id);
	if (!site) return null;
	const scope = { level: 'site', province: site.province, facility: id } as const;
	const [pipeline, lag, series, lots, supply] = await Promise.all([
		visitPipeline(client, scope, asOf),
		certificateLag(client, site.province, id, asOf),
		dosesSeries(client, scope, asOf, 14),
		stockOnHand(client, scope, asOf),
		stockSupply(client, scope, asOf)
	]);
	return {
		asOf,
		day: localDay(asOf),
		site,
		pipeline,
		certificateLag: lag,
		hourly: series.hourly,
		daily: series.daily,
		sevenDayAverage: series.sevenDayAverage,
		stock: lots
			.filter((l) => l.onHand > 0)
			.map((l) => ({ vaccine: l.vaccine, lot: l.lotNumber, expiry: l.expiryDate ?? '', onHand: l.onHand }))
			.sort((a, b) => a.expiry.localeCompare(b.expiry) || a.lot.localeCompare(b.lot)),
		supply: supply
			.filter((s) => s.vaccine !== '')
			.map((s) => ({
				vaccine: s.vaccine,
				onHand: s.onHand,
				burnRate: s.burnRate,
				daysOfSupply: Number.isFinite(s.daysOfSupplyBooked) ? s.daysOfSupplyBooked : null,
				stockoutAt: s.stockOutAtBooked
			}))
	};
}

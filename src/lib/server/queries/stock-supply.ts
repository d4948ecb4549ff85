// Supply per site and vaccine as of an instant: usable stock on hand, burn rate, days of supply at the burn rate and
// against the appointments booked, and the predicted stock-out time. The stock-out alert rule reads it for a province
// or a district (the national scope works, reading every site's ledger).
//
// - On hand: the lot ledger (clickhouse/0005_stock_rollups.sql; read from its grains, 0011_stock_grains.sql, in one
//   scan with the burn days, the bookings in another) of lots not past their expiry date; lots past it and
//   not yet written off are counted apart (expiredOnHand). Doses in transit to the site are not on hand.
// - Burn rate: doses administered per day, the mean of the 7 full local days before the as-of day (closed days count 0).
// - Booked: appointments scheduled and not cancelled as of T, per local day from the as-of day on (bookingDays days).
//   On the as-of day only slots that started less than an hour before T count (people arrive up to ~50 minutes late;
//   earlier ones have been served, or missed, already). The registration's province is taken to be its site's.
// The figures are derived by the pure functions of src/lib/domain/stock.ts (supplyByVaccine below, shared with
// stock-by-province.ts).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { GRAIN_BOUNDS, SO_FAR } from './grains.ts';
import { burnRate, daysOfSupplyAtBurnRate, daysOfSupplyWithBookings, predictedStockOut } from '../../domain/stock.ts';
import { scopeParams, type Scope, type Units } from './scope.ts';

export const BURN_DAYS = 7;
export const BOOKING_DAYS = 7;

/** The inputs of one unit (a site or a province) and vaccine; vaccine '' holds the bookings that name no vaccine. */
export interface SupplyInput {
	vaccine: string;
	onHand: number;
	expiredOnHand: number;
	/** Doses administered on each of the BURN_DAYS full days before the as-of day, oldest first. */
	burnDays: number[];
	/** Booked appointments on the as-of day (still to come) and the days after it. */
	booked: number[];
}

export interface Supply {
	/** '' for bookings naming no vaccine at a unit with no vaccine to give them (neither used lately nor in stock). */
	vaccine: string;
	onHand: number;
	expiredOnHand: number;
	/** Doses per day. */
	burnRate: number;
	booked: number[];
	/** Days the stock lasts at the burn rate (Infinity when nothing was used). */
	daysOfSupply: number;
	/** Days the stock lasts against the bookings, the burn rate after the last booked day. */
	daysOfSupplyBooked: number;
	/** Epoch ms; null when the stock does not run out. */
	stockOutAt: number | null;
	stockOutAtBooked: number | null;
}

/**
 * A unit's figures per vaccine. Bookings that name no vaccine (the usual case: a person books a slot, the site gives
 * what it has) are shared among the unit's vaccines in proportion to their use over the burn days, or to their
 * usable stock when none was used; with neither, they stay under vaccine '' (demand with nothing to meet it).
 */
export function supplyByVaccine(inputs: readonly SupplyInput[], asOf: number): Supply[] {
	const unnamed = inputs.find((i) => i.vaccine === '');
	const named = inputs.filter((i) => i.vaccine !== '');
	const used = named.map((i) => i.burnDays.reduce((a, b) => a + b, 0));
	const weights = used.some((u) => u > 0) ? used : named.map((i) => Math.max(0, i.onHand));
	const total = weights.reduce((a, b) => a + b, 0);
	const shared = named.map((i, k) => ({ ...i, booked: i.booked.map((b, d) => b + (unnamed && total > 0 ? (weights[k] / total) * unnamed.booked[d] : 0)) }));
	const units = unnamed && total === 0 ? [...shared, unnamed] : shared;
	return units.map((i) => {
		const rate = burnRate(i.burnDays);
		const daysOfSupply = daysOfSupplyAtBurnRate(i.onHand, rate);
		const daysOfSupplyBooked = daysOfSupplyWithBookings(i.onHand, i.booked, rate);
		return {
			vaccine: i.vaccine,
			onHand: i.onHand,
			expiredOnHand: i.expiredOnHand,
			burnRate: rate,
			booked: i.booked,
			daysOfSupply,
			daysOfSupplyBooked,
			stockOutAt: predictedStockOut(asOf, daysOfSupply),
			stockOutAtBooked: predictedStockOut(asOf, daysOfSupplyBooked)
		};
	});
}

export interface SiteSupply extends Supply {
	provinceCode: string;
	facilityId: string;
}

/**
 * Beside GRAIN_BOUNDS, the bounds of the supply queries (this file and stock-by-province.ts): the first burn day, the
 * booked slots counted (from an hour before T to the end of the booking days), and the lots past their expiry date.
 */
export const SUPPLY_BOUNDS = `toDateTime(toDateTime(as_of_day - {burnDays:UInt8}, 'Asia/Ho_Chi_Minh'), 'UTC') AS burn_from,
     until - INTERVAL 1 HOUR AS slots_from,
     toDateTime(as_of_day + {bookingDays:UInt8}, 'Asia/Ho_Chi_Minh') AS bookings_until,
     expired_lots AS (SELECT vaccine, lot_number FROM stock_lot GROUP BY vaccine, lot_number HAVING min(expiry_date) < as_of_day)`;

/** Booking grains: the changes before T of the slots counted. */
export const BOOKINGS_SO_FAR = `((grain = 'day' AND at >= slots_from AND at < bookings_until AND bucket < day_start)
        OR (grain = 'hour' AND at >= day_start AND at < hour_start)
        OR (grain = 'minute' AND at >= hour_start AND at < until))
      AND slot_start >= slots_from AND slot_start < bookings_until`;

const SQL = `
WITH ${GRAIN_BOUNDS},
     ${SUPPLY_BOUNDS},
     sites AS (
        SELECT id FROM ref_facility FINAL WHERE level = 'site'
          AND (empty({provinces:Array(String)}) OR province_code IN {provinces:Array(String)})
          AND ({district:String} = '' OR district_code = {district:String})
          AND (empty({facilities:Array(String)}) OR id IN {facilities:Array(String)}))
SELECT province_code, facility_id, vaccine,
       sum(usable) AS on_hand, sum(expired) AS expired_on_hand, sumForEach(burn) AS burn_days, sumForEach(booked) AS booked
FROM (
    -- on hand as of T, the part of it in lots past their expiry date, and the doses administered on each burn day
    -- (oldest first): one scan of the grains (clickhouse/0011_stock_grains.sql), whole months before the month of the
    -- first burn day, whole days from there to T's day, T's whole hours, the minutes of T's hour
    SELECT province_code, facility_id, vaccine, sum(net) - sum(past_expiry) AS usable, sum(past_expiry) AS expired,
           sumResample(1, {burnDays:UInt8} + 1, 1)(administered, burn_day) AS burn,
           arrayWithConstant({bookingDays:UInt8}, toInt64(0)) AS booked
    FROM (
        SELECT province_code, facility_id, vaccine, net, administered, if((vaccine, lot_number) IN expired_lots, net, 0) AS past_expiry,
               if(grain = 'day', dateDiff('day', burn_from, bucket) + 1, 0) AS burn_day
        FROM stock_facility_grains
        WHERE ${SO_FAR}
          AND (empty({provinces:Array(String)}) OR province_code IN {provinces:Array(String)})
          AND (empty({facilities:Array(String)}) OR facility_id IN {facilities:Array(String)})
    )
    GROUP BY province_code, facility_id, vaccine
    UNION ALL
    -- appointments booked on each booking day: the changes before T (the booking grains) of the slots from an hour
    -- before T to the end of the booking days
    SELECT province_code, site_id, vaccine, 0, 0, arrayWithConstant({burnDays:UInt8}, toInt64(0)),
           sumResample(0, {bookingDays:UInt8}, 1)(booked, toDate(slot_start, 'Asia/Ho_Chi_Minh') - as_of_day)
    FROM bookings_site_grains
    WHERE ${BOOKINGS_SO_FAR}
      AND (empty({provinces:Array(String)}) OR province_code IN {provinces:Array(String)})
      AND (empty({facilities:Array(String)}) OR site_id IN {facilities:Array(String)})
    GROUP BY province_code, site_id, vaccine
)
-- the sites of the scope, known to the reference data as sites
WHERE facility_id IN sites
GROUP BY province_code, facility_id, vaccine
ORDER BY province_code, facility_id, vaccine
`;

export interface SupplyRow {
	province_code: string;
	vaccine: string;
	on_hand: string;
	expired_on_hand: string;
	burn_days: string[];
	booked: string[];
}

export const supplyInput = (r: SupplyRow): SupplyInput => ({
	vaccine: r.vaccine,
	onHand: Number(r.on_hand),
	expiredOnHand: Number(r.expired_on_hand),
	burnDays: r.burn_days.map(Number),
	booked: r.booked.map(Number)
});

export async function stockSupply(client: ClickHouseClient, scope: Scope | Units, asOf: number, bookingDays = BOOKING_DAYS): Promise<SiteSupply[]> {
	const rows = await selectRows<SupplyRow & { facility_id: string }>(client, SQL, { ...scopeParams(scope), asOf, bookingDays, burnDays: BURN_DAYS, days: BURN_DAYS });
	const bySite = Map.groupBy(rows, (r) => r.facility_id);
	return [...bySite].flatMap(([facilityId, mine]) =>
		supplyByVaccine(mine.map(supplyInput), asOf).map((s) => ({ provinceCode: mine[0].province_code, facilityId, ...s }))
	);
}

// Issued vs administered per site and lot as of an instant (nhập / tiêm được / tồn): what reached the site, what
// left it (administered, wasted, returned, passed on), the ledger's on hand, and the check against the site's own
// physical count. The ledger (clickhouse/0005_stock_rollups.sql) is made of the recorded movements; the daily count
// (stock.counted) is what the staff found in the fridge. The ledger is never reset to a count: the difference is the
// finding, "unexplained" = the ledger at the moment of the latest count - the count (> 0: doses the records say are
// there and are not; < 0: doses used or received without a record).
//
// Counts are read from raw_stock, the one place they are kept: a count is a snapshot, not a flow to sum, so a rollup
// would hold one row per count, a copy of raw_stock, whose sort key (province, facility, vaccine, lot, time) already
// serves a scope. Only counts of the COUNT_DAYS days up to T are looked at (sites holding stock count it daily).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { scopeParams, type Scope } from './scope.ts';

export const COUNT_DAYS = 7;

export interface SiteLotReconciliation {
	provinceCode: string;
	facilityId: string;
	vaccine: string;
	lotNumber: string;
	received: number;
	administered: number;
	wasted: number;
	returned: number;
	/** Issued or transferred to another facility. */
	passedOn: number;
	/** The ledger: received - administered - wasted - returned - passedOn. */
	onHand: number;
	/** The latest count in the COUNT_DAYS days up to T (epoch ms and doses), or null. */
	countedAt: number | null;
	counted: number | null;
	ledgerAtCount: number | null;
	unexplained: number | null;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     sites AS (
        SELECT id FROM ref_facility FINAL WHERE level = 'site'
          AND ({province:String} = '' OR province_code = {province:String})
          AND ({district:String} = '' OR district_code = {district:String})
          AND ({facility:String} = '' OR id = {facility:String})),
     counts AS (
        SELECT facility_id, vaccine, lot_number, max(occurred_at) AS counted_at, argMax(on_hand, occurred_at) AS counted
        FROM raw_stock
        WHERE type = 'stock.counted' AND occurred_at < until AND occurred_at >= until - INTERVAL {countDays:UInt8} DAY
          AND ({province:String} = '' OR province_code = {province:String}) AND facility_id IN sites
        GROUP BY facility_id, vaccine, lot_number)
SELECT province_code, facility_id, vaccine, lot_number,
       sumIf(received, as_of_t) AS received, sumIf(administered, as_of_t) AS administered, sumIf(wasted, as_of_t) AS wasted,
       sumIf(returned, as_of_t) AS returned, sumIf(issued + transferred, as_of_t) AS passed_on, sumIf(net, as_of_t) AS on_hand,
       max(was_counted) AS was_counted, max(counted_ms) AS counted_at, max(counted) AS counted, sumIf(net, at_count) AS ledger_at_count
FROM (
    SELECT f.province_code AS province_code, f.facility_id AS facility_id, f.vaccine AS vaccine, f.lot_number AS lot_number,
           received, issued, transferred, returned, wasted, administered, net,
           whole_day = 1 OR f.day = as_of_day AS as_of_t,
           c.facility_id != '' AS was_counted, toUnixTimestamp64Milli(c.counted_at) AS counted_ms, c.counted AS counted,
           was_counted AND (whole_day = 1 AND f.day < toDate(c.counted_at, 'Asia/Ho_Chi_Minh')
                            OR whole_day = 0 AND f.day = toDate(c.counted_at, 'Asia/Ho_Chi_Minh') AND f.minute <= toStartOfMinute(c.counted_at)) AS at_count
    FROM (
        SELECT province_code, facility_id, vaccine, lot_number, day, toDateTime(0, 'UTC') AS minute, 1 AS whole_day,
               received, issued, transferred, returned, wasted, administered,
               received - issued - transferred - returned - wasted - administered AS net
        FROM stock_facility_day
        WHERE day < as_of_day AND ({province:String} = '' OR province_code = {province:String}) AND facility_id IN sites
        UNION ALL
        -- the minutes of T's day, and of the earlier days the latest count may have been made on
        SELECT province_code, facility_id, vaccine, lot_number, day, minute, 0,
               received, issued, transferred, returned, wasted, administered,
               received - issued - transferred - returned - wasted - administered
        FROM stock_facility_minute
        WHERE day >= as_of_day - {countDays:UInt8} AND day <= as_of_day AND minute < until
          AND ({province:String} = '' OR province_code = {province:String}) AND facility_id IN sites
    ) AS f
    LEFT JOIN counts AS c ON c.facility_id = f.facility_id AND c.vaccine = f.vaccine AND c.lot_number = f.lot_number
)
GROUP BY province_code, facility_id, vaccine, lot_number
ORDER BY province_code, facility_id, vaccine, lot_number
`;

interface Row {
	province_code: string;
	facility_id: string;
	vaccine: string;
	lot_number: string;
	received: string;
	administered: string;
	wasted: string;
	returned: string;
	passed_on: string;
	on_hand: string;
	counted_at: string;
	counted: string;
	ledger_at_count: string;
	was_counted: number;
}

export async function stockReconciliation(client: ClickHouseClient, scope: Scope, asOf: number): Promise<SiteLotReconciliation[]> {
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf, countDays: COUNT_DAYS });
	return rows.map((r) => {
		const counted = r.was_counted ? Number(r.counted) : null;
		const ledgerAtCount = r.was_counted ? Number(r.ledger_at_count) : null;
		return {
			provinceCode: r.province_code,
			facilityId: r.facility_id,
			vaccine: r.vaccine,
			lotNumber: r.lot_number,
			received: Number(r.received),
			administered: Number(r.administered),
			wasted: Number(r.wasted),
			returned: Number(r.returned),
			passedOn: Number(r.passed_on),
			onHand: Number(r.on_hand),
			countedAt: r.was_counted ? Number(r.counted_at) : null,
			counted,
			ledgerAtCount,
			unexplained: counted === null || ledgerAtCount === null ? null : ledgerAtCount - counted
		};
	});
}

// Lots with stock left that expire within N days (14 by default) of the as-of day, expired ones included (they wait
// for a write-off), per facility, for a scope: the "lots expiring with stock" alert and list. The same rule as
// lotsExpiringWithStock in src/lib/domain/stock.ts, run in SQL so that only lots expiring soon (stock_lot, one row a
// lot) have their ledgers summed. Scopes as in stock-on-hand.ts.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { GRAIN_BOUNDS, SO_FAR } from './grains.ts';
import { scopeParams, type Scope } from './scope.ts';

export interface ExpiringLot {
	provinceCode: string;
	facilityId: string;
	vaccine: string;
	lotNumber: string;
	/** YYYY-MM-DD */
	expiryDate: string;
	/** Days from the as-of day to the expiry date: 0 on the last usable day, negative once expired. */
	daysLeft: number;
	onHand: number;
}

const SQL = `
WITH ${GRAIN_BOUNDS},
     soon AS (
        SELECT vaccine, lot_number, min(expiry_date) AS expiry_date FROM stock_lot
        GROUP BY vaccine, lot_number HAVING expiry_date <= as_of_day + {withinDays:UInt16})
SELECT l.province_code AS province_code, l.facility_id AS facility_id, l.vaccine AS vaccine, l.lot_number AS lot_number,
       toString(s.expiry_date) AS expiry_date, toInt32(s.expiry_date - as_of_day) AS days_left, l.on_hand AS on_hand
FROM (
    -- one scan of the grains (clickhouse/0011_stock_grains.sql): whole months before T's month, its whole days
    -- before T's day, T's whole hours, the minutes of T's hour
    SELECT province_code, facility_id, vaccine, lot_number, sum(net) AS on_hand
    FROM stock_facility_grains
    WHERE ${SO_FAR}
      AND (vaccine, lot_number) IN (SELECT vaccine, lot_number FROM soon)
      AND ({province:String} = '' OR province_code = {province:String})
      AND ({facility:String} = '' OR facility_id = {facility:String})
      AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
      AND ({province:String} = '' OR facility_id NOT IN (SELECT id FROM ref_facility FINAL WHERE level IN ('national', 'regional')))
    GROUP BY province_code, facility_id, vaccine, lot_number
    HAVING on_hand > 0
) AS l
INNER JOIN soon AS s ON s.vaccine = l.vaccine AND s.lot_number = l.lot_number
ORDER BY expiry_date, facility_id, vaccine, lot_number
`;

interface Row {
	province_code: string;
	facility_id: string;
	vaccine: string;
	lot_number: string;
	expiry_date: string;
	days_left: number;
	on_hand: string;
}

export async function lotsExpiring(client: ClickHouseClient, scope: Scope, asOf: number, withinDays = 14): Promise<ExpiringLot[]> {
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf, withinDays, days: 0 });
	return rows.map((r) => ({
		provinceCode: r.province_code,
		facilityId: r.facility_id,
		vaccine: r.vaccine,
		lotNumber: r.lot_number,
		expiryDate: r.expiry_date,
		daysLeft: Number(r.days_left),
		onHand: Number(r.on_hand)
	}));
}

// Stock on hand per facility, vaccine and lot (with its expiry date) as of an instant, from the lot ledger
// (clickhouse/0005_stock_rollups.sql; read from its grains, 0011_stock_grains.sql): the stock by lot of the province and site views. A province or district scope
// lists the facilities of its own cold chain (not the national and regional stores standing in it); the national
// scope lists every facility. Lots a facility has emptied are left out; a negative balance (a movement recorded
// without its receipt) is kept, to be seen.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { GRAIN_BOUNDS, SO_FAR } from './grains.ts';
import { scopeParams, type Scope, type Units } from './scope.ts';

export interface LotOnHand {
	provinceCode: string;
	facilityId: string;
	vaccine: string;
	lotNumber: string;
	/** YYYY-MM-DD; null when no event gave the lot's expiry. */
	expiryDate: string | null;
	onHand: number;
}

const SQL = `
WITH ${GRAIN_BOUNDS}
SELECT l.province_code AS province_code, l.facility_id AS facility_id, l.vaccine AS vaccine, l.lot_number AS lot_number,
       if(e.lot_number = '', '', toString(e.expiry_date)) AS expiry_date, l.on_hand AS on_hand
FROM (
    -- one scan of the grains (clickhouse/0011_stock_grains.sql): whole months before T's month, its whole days
    -- before T's day, T's whole hours, the minutes of T's hour
    SELECT province_code, facility_id, vaccine, lot_number, sum(net) AS on_hand
    FROM stock_facility_grains
    WHERE ${SO_FAR}
      AND (empty({provinces:Array(String)}) OR province_code IN {provinces:Array(String)})
      AND (empty({facilities:Array(String)}) OR facility_id IN {facilities:Array(String)})
      AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
      AND (empty({provinces:Array(String)}) OR facility_id NOT IN (SELECT id FROM ref_facility FINAL WHERE level IN ('national', 'regional')))
    GROUP BY province_code, facility_id, vaccine, lot_number
    HAVING on_hand != 0
) AS l
LEFT JOIN (SELECT vaccine, lot_number, min(expiry_date) AS expiry_date FROM stock_lot GROUP BY vaccine, lot_number) AS e
    ON e.vaccine = l.vaccine AND e.lot_number = l.lot_number
ORDER BY facility_id, vaccine, expiry_date, lot_number
`;

interface Row {
	province_code: string;
	facility_id: string;
	vaccine: string;
	lot_number: string;
	expiry_date: string;
	on_hand: string;
}

export async function stockOnHand(client: ClickHouseClient, scope: Scope | Units, asOf: number): Promise<LotOnHand[]> {
	const rows = await selectRows<Row>(client, SQL, { ...scopeParams(scope), asOf, days: 0 });
	return rows.map((r) => ({
		provinceCode: r.province_code,
		facilityId: r.facility_id,
		vaccine: r.vaccine,
		lotNumber: r.lot_number,
		expiryDate: r.expiry_date || null,
		onHand: Number(r.on_hand)
	}));
}

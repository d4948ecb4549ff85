// Where every dose of a manufacturer lot went, as of an instant, nationally: each facility that held it, down the
// chain (national → regional → provincial → district → site), with what it received, passed on, administered, wasted
// and holds (the lot ledger, clickhouse/0005_stock_rollups.sql). Doses issued and not yet received are in transit:
// the sum of on hand over the facilities is the lot's received doses at the top less those administered, wasted and
// in transit. For a recall or an AEFI cluster: which sites gave which doses.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';

export interface LotAtFacility {
	provinceCode: string;
	facilityId: string;
	/** national | regional | provincial | district | site; '' for a facility unknown to the reference data. */
	level: string;
	vaccine: string;
	received: number;
	issued: number;
	transferred: number;
	returned: number;
	administered: number;
	wasted: number;
	onHand: number;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day
SELECT l.province_code AS province_code, l.facility_id AS facility_id, f.level AS level, l.vaccine AS vaccine,
       l.received AS received, l.issued AS issued, l.transferred AS transferred, l.returned AS returned,
       l.administered AS administered, l.wasted AS wasted,
       l.received - l.issued - l.transferred - l.returned - l.wasted - l.administered AS on_hand
FROM (
    SELECT province_code, facility_id, vaccine, sum(received) AS received, sum(issued) AS issued, sum(transferred) AS transferred,
           sum(returned) AS returned, sum(administered) AS administered, sum(wasted) AS wasted
    FROM (
        SELECT province_code, facility_id, vaccine, received, issued, transferred, returned, wasted, administered
        FROM stock_facility_day WHERE day < as_of_day AND lot_number = {lot:String}
        UNION ALL
        SELECT province_code, facility_id, vaccine, received, issued, transferred, returned, wasted, administered
        FROM stock_facility_minute WHERE day = as_of_day AND minute < until AND lot_number = {lot:String}
    )
    GROUP BY province_code, facility_id, vaccine
) AS l
LEFT JOIN (SELECT id, level FROM ref_facility FINAL) AS f ON f.id = l.facility_id
ORDER BY indexOf(['national', 'regional', 'provincial', 'district', 'site'], level), province_code, facility_id, vaccine
`;

interface Row {
	province_code: string;
	facility_id: string;
	level: string;
	vaccine: string;
	received: string;
	issued: string;
	transferred: string;
	returned: string;
	administered: string;
	wasted: string;
	on_hand: string;
}

export async function lotTrace(client: ClickHouseClient, lotNumber: string, asOf: number): Promise<LotAtFacility[]> {
	const rows = await selectRows<Row>(client, SQL, { lot: lotNumber, asOf });
	return rows.map((r) => ({
		provinceCode: r.province_code,
		facilityId: r.facility_id,
		level: r.level,
		vaccine: r.vaccine,
		received: Number(r.received),
		issued: Number(r.issued),
		transferred: Number(r.transferred),
		returned: Number(r.returned),
		administered: Number(r.administered),
		wasted: Number(r.wasted),
		onHand: Number(r.on_hand)
	}));
}

// Supply per province and vaccine as of an instant, for the national screen's "days of stock": the stock of the
// province's own cold chain (provincial store, district stores, sites; not the national and regional stores standing
// in it), its burn rate, days of supply at that rate and against the appointments booked at its sites, and the
// predicted stock-out. Definitions as in stock-supply.ts, at province grain: this reads the province rollups only
// (stock_province_grains and bookings_province_grains, clickhouse/0011_stock_grains.sql: one scan each), never a
// facility's history.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { GRAIN_BOUNDS, SO_FAR } from './grains.ts';
import { scopeParams, type Scope } from './scope.ts';
import { BOOKINGS_SO_FAR, BOOKING_DAYS, BURN_DAYS, SUPPLY_BOUNDS, supplyByVaccine, supplyInput, type Supply, type SupplyRow } from './stock-supply.ts';

export interface ProvinceSupply extends Supply {
	provinceCode: string;
}

const SQL = `
WITH ${GRAIN_BOUNDS},
     ${SUPPLY_BOUNDS}
SELECT province_code, vaccine,
       sum(usable) AS on_hand, sum(expired) AS expired_on_hand, sumForEach(burn) AS burn_days, sumForEach(booked) AS booked
FROM (
    -- on hand as of T, the part of it in lots past their expiry date, and the doses administered on each burn day
    -- (oldest first): one scan of the grains (clickhouse/0011_stock_grains.sql), whole months before the month of the
    -- first burn day, whole days from there to T's day, T's whole hours, the minutes of T's hour
    SELECT province_code, vaccine, sum(net) - sum(past_expiry) AS usable, sum(past_expiry) AS expired,
           sumResample(1, {burnDays:UInt8} + 1, 1)(administered, burn_day) AS burn,
           arrayWithConstant({bookingDays:UInt8}, toInt64(0)) AS booked
    FROM (
        SELECT province_code, vaccine, net, administered, if((vaccine, lot_number) IN expired_lots, net, 0) AS past_expiry,
               if(grain = 'day', dateDiff('day', burn_from, bucket) + 1, 0) AS burn_day
        FROM stock_province_grains
        WHERE ${SO_FAR}
          AND ({province:String} = '' OR province_code = {province:String})
    )
    GROUP BY province_code, vaccine
    UNION ALL
    -- appointments booked on each booking day: the changes before T (the booking grains) of the slots from an hour
    -- before T to the end of the booking days
    SELECT province_code, vaccine, 0, 0, arrayWithConstant({burnDays:UInt8}, toInt64(0)),
           sumResample(0, {bookingDays:UInt8}, 1)(booked, toDate(slot_start, 'Asia/Ho_Chi_Minh') - as_of_day)
    FROM bookings_province_grains
    WHERE ${BOOKINGS_SO_FAR}
      AND ({province:String} = '' OR province_code = {province:String})
    GROUP BY province_code, vaccine
)
GROUP BY province_code, vaccine
ORDER BY province_code, vaccine
`;

/** National (every province) or one province; districts and sites: stock-supply.ts. */
export async function stockByProvince(client: ClickHouseClient, scope: Scope, asOf: number, bookingDays = BOOKING_DAYS): Promise<ProvinceSupply[]> {
	if (scope.level !== 'national' && scope.level !== 'province') throw new Error(`stock by province is for the national or a province scope, not a ${scope.level}`);
	const rows = await selectRows<SupplyRow>(client, SQL, { ...scopeParams(scope), asOf, bookingDays, burnDays: BURN_DAYS, days: BURN_DAYS });
	return [...Map.groupBy(rows, (r) => r.province_code)].flatMap(([provinceCode, mine]) =>
		supplyByVaccine(mine.map(supplyInput), asOf).map((s) => ({ provinceCode, ...s }))
	);
}

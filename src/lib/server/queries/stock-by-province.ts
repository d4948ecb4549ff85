// Supply per province and vaccine as of an instant, for the national screen's "days of stock": the stock of the
// province's own cold chain (provincial store, district stores, sites; not the national and regional stores standing
// in it), its burn rate, days of supply at that rate and against the appointments booked at its sites, and the
// predicted stock-out. Definitions as in stock-supply.ts, at province grain: this reads the province rollups only
// (a row per province, lot and day; T's day as its whole hours, then the minutes of T's hour), never a facility's
// history.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { scopeParams, type Scope } from './scope.ts';
import { BOOKING_DAYS, BURN_DAYS, supplyByVaccine, supplyInput, type Supply, type SupplyRow } from './stock-supply.ts';

export interface ProvinceSupply extends Supply {
	provinceCode: string;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
     toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
     toStartOfHour(until) AS hour_start,
     toDateTime(as_of_day + {bookingDays:UInt8}, 'Asia/Ho_Chi_Minh') AS bookings_until,
     expired_lots AS (SELECT vaccine, lot_number FROM stock_lot GROUP BY vaccine, lot_number HAVING min(expiry_date) < as_of_day)
SELECT province_code, vaccine,
       sum(usable) AS on_hand, sum(expired) AS expired_on_hand, sumForEach(burn) AS burn_days, sumForEach(booked) AS booked
FROM (
    -- on hand, and the part of it in lots past their expiry date
    SELECT province_code, vaccine, sum(net) - sum(past_expiry) AS usable, sum(past_expiry) AS expired,
           arrayWithConstant({burnDays:UInt8}, toInt64(0)) AS burn, arrayWithConstant({bookingDays:UInt8}, toInt64(0)) AS booked
    FROM (
        SELECT province_code, vaccine, received - issued - transferred - returned - wasted - administered AS net,
               if((vaccine, lot_number) IN expired_lots, net, 0) AS past_expiry
        FROM stock_province_day
        WHERE day < as_of_day AND ({province:String} = '' OR province_code = {province:String})
        UNION ALL
        SELECT province_code, vaccine, received - issued - transferred - returned - wasted - administered AS net,
               if((vaccine, lot_number) IN expired_lots, net, 0) AS past_expiry
        FROM stock_province_hour
        WHERE day = as_of_day AND hour < hour_start AND ({province:String} = '' OR province_code = {province:String})
        UNION ALL
        SELECT province_code, vaccine, received - issued - transferred - returned - wasted - administered AS net,
               if((vaccine, lot_number) IN expired_lots, net, 0) AS past_expiry
        FROM stock_province_minute
        WHERE day = as_of_day AND minute >= hour_start AND minute < until AND ({province:String} = '' OR province_code = {province:String})
    )
    GROUP BY province_code, vaccine
    UNION ALL
    -- doses administered on each of the burn days, oldest first
    SELECT province_code, vaccine, 0, 0, sumForEach(arrayMap(k -> if(day = as_of_day - k, administered, 0), range({burnDays:UInt8}, 0, -1))),
           arrayWithConstant({bookingDays:UInt8}, toInt64(0))
    FROM stock_province_day
    WHERE day >= as_of_day - {burnDays:UInt8} AND day < as_of_day AND administered > 0
      AND ({province:String} = '' OR province_code = {province:String})
    GROUP BY province_code, vaccine
    UNION ALL
    -- appointments booked on each booking day
    SELECT province_code, vaccine, 0, 0, arrayWithConstant({burnDays:UInt8}, toInt64(0)),
           arrayMap(d -> if(toDate(slot_start, 'Asia/Ho_Chi_Minh') = as_of_day + d, booked, 0), range({bookingDays:UInt8}))
    FROM (
        SELECT province_code, vaccine, slot_start, sum(booked) AS booked
        FROM (
            SELECT province_code, vaccine, slot_start, booked FROM bookings_province_day
            WHERE day < as_of_day AND slot_start >= until - INTERVAL 1 HOUR AND slot_start < bookings_until
              AND ({province:String} = '' OR province_code = {province:String})
            UNION ALL
            SELECT province_code, vaccine, slot_start, booked FROM bookings_province_hour
            WHERE day = as_of_day AND hour < hour_start AND slot_start >= until - INTERVAL 1 HOUR AND slot_start < bookings_until
              AND ({province:String} = '' OR province_code = {province:String})
            UNION ALL
            SELECT province_code, vaccine, slot_start, booked FROM bookings_province_minute
            WHERE day = as_of_day AND minute >= hour_start AND minute < until AND slot_start >= until - INTERVAL 1 HOUR AND slot_start < bookings_until
              AND ({province:String} = '' OR province_code = {province:String})
        )
        GROUP BY province_code, vaccine, slot_start
    )
)
GROUP BY province_code, vaccine
ORDER BY province_code, vaccine
`;

/** National (every province) or one province; districts and sites: stock-supply.ts. */
export async function stockByProvince(client: ClickHouseClient, scope: Scope, asOf: number, bookingDays = BOOKING_DAYS): Promise<ProvinceSupply[]> {
	if (scope.level !== 'national' && scope.level !== 'province') throw new Error(`stock by province is for the national or a province scope, not a ${scope.level}`);
	const rows = await selectRows<SupplyRow>(client, SQL, { ...scopeParams(scope), asOf, bookingDays, burnDays: BURN_DAYS });
	return [...Map.groupBy(rows, (r) => r.province_code)].flatMap(([provinceCode, mine]) =>
		supplyByVaccine(mine.map(supplyInput), asOf).map((s) => ({ provinceCode, ...s }))
	);
}

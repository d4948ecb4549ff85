// Cold-chain readings of the last hours before an instant, per device in time order: the excursion rule decides from
// them how long each device has been out of its band.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';

export interface Reading {
	province: string;
	facility: string;
	device: string;
	vaccine: string;
	at: number;
	temperature: number;
}

const SQL = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of,
     toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until
SELECT province_code AS province, facility_id AS facility, device_id AS device, vaccine,
       toUnixTimestamp64Milli(occurred_at) AS at, temperature_c AS temperature
FROM coldchain_readings_by_time FINAL
WHERE occurred_at >= until - INTERVAL {hours:UInt16} HOUR AND occurred_at < until
ORDER BY facility, device, at
`;

export async function coldchainRecent(client: ClickHouseClient, asOf: number, hours = 6): Promise<Reading[]> {
	const rows = await selectRows<{ province: string; facility: string; device: string; vaccine: string; at: string; temperature: number }>(client, SQL, { asOf, hours });
	return rows.map((r) => ({ ...r, at: Number(r.at), temperature: Number(r.temperature) }));
}

// The operator console's queue: alerts by state, rule and province (each '' for any), the unresolved ones and those
// resolved within the last hours; most severe first, then oldest first.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { ALERT_COLUMNS, alertFromRow, type AlertRow } from '../alerts/rows.ts';
import type { Alert } from '../../domain/alerts/lifecycle.ts';

const SQL = `
SELECT ${ALERT_COLUMNS} FROM alerts FINAL
WHERE ({state:String} = '' OR state = {state:String})
  AND ({rule:String} = '' OR rule = {rule:String})
  AND ({province:String} = '' OR province_code = {province:String})
  AND (empty({provinces:Array(String)}) OR province_code IN {provinces:Array(String)})
  AND (state != 'resolved' OR resolved_at >= fromUnixTimestamp64Milli({resolvedSince:Int64}, 'UTC'))
ORDER BY indexOf(['critical', 'high', 'medium', 'low'], severity), opened_at
LIMIT {perProvince:UInt32} BY province_code
LIMIT {limit:UInt32}
`;

export interface AlertFilter {
	state?: string;
	rule?: string;
	province?: string;
	/** Any of these provinces (the live hub's pass over every province room). */
	provinces?: readonly string[];
	/** Resolved alerts are listed when resolved after this instant (ms). */
	resolvedSince: number;
	limit?: number;
	/** At most this many of each province (default: limit). */
	perProvince?: number;
}

export async function alertList(client: ClickHouseClient, filter: AlertFilter): Promise<Alert[]> {
	const rows = await selectRows<AlertRow>(client, SQL, {
		state: filter.state ?? '',
		rule: filter.rule ?? '',
		province: filter.province ?? '',
		provinces: filter.provinces ?? [],
		resolvedSince: filter.resolvedSince,
		limit: filter.limit ?? 500,
		perProvince: filter.perProvince ?? filter.limit ?? 500
	});
	return rows.map(alertFromRow);
}

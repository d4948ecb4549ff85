// The audit trail of one alert: every transition and operator action, oldest first.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';

export interface AlertLogEntry {
	at: number;
	transition: string;
	actor: string;
	state: string;
	severity: string;
	note: string;
	params: Record<string, string | number>;
}

const SQL = `
SELECT toUnixTimestamp64Milli(at) AS at, transition, actor, state, severity, note, params
FROM alert_log WHERE alert_id = {id:String} ORDER BY at, transition
`;

export async function alertHistory(client: ClickHouseClient, id: string): Promise<AlertLogEntry[]> {
	const rows = await selectRows<{ at: string; transition: string; actor: string; state: string; severity: string; note: string; params: string }>(client, SQL, { id });
	return rows.map((r) => ({ ...r, at: Number(r.at), params: JSON.parse(r.params || '{}') }));
}

// One alert, its current state.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { ALERT_COLUMNS, alertFromRow, type AlertRow } from '../alerts/rows.ts';
import type { Alert } from '../../domain/alerts/lifecycle.ts';

const SQL = `SELECT ${ALERT_COLUMNS} FROM alerts FINAL WHERE id = {id:String}`;

export async function alertById(client: ClickHouseClient, id: string): Promise<Alert | null> {
	const [row] = await selectRows<AlertRow>(client, SQL, { id });
	return row ? alertFromRow(row) : null;
}

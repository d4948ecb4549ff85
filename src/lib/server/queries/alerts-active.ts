// Alerts the engine carries from one evaluation to the next: every alert not yet resolved, and those resolved by
// hand while their condition still held (latched).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { ALERT_COLUMNS, alertFromRow, type AlertRow } from '../alerts/rows.ts';
import type { Alert } from '../../domain/alerts/lifecycle.ts';

const SQL = `SELECT ${ALERT_COLUMNS} FROM alerts FINAL WHERE state != 'resolved' OR latched = 1`;

export async function alertsActive(client: ClickHouseClient): Promise<Alert[]> {
	return (await selectRows<AlertRow>(client, SQL)).map(alertFromRow);
}

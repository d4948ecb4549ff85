// The national ingest overview: doses so far, doses on the latest campaign day, and how fresh the data is.
import type { ClickHouseClient } from '../clickhouse/client.ts';

export interface IngestOverview {
	/** All visit.injected events. */
	dosesTotal: number;
	/** The latest day (UTC+7) that has injections, and its doses. */
	latestDay: string | null;
	dosesLatestDay: number;
	/** Events committed in the last 60 s of ingest time (all families). */
	eventsLastMinute: number;
	/** Newest event time and newest ingest time (ms since epoch), for freshness badges. */
	latestEventAt: number | null;
	latestIngestAt: number | null;
	provincesReporting: number;
}

const SQL = `
WITH injected AS (
    SELECT occurred_at, ingested_at, province_code FROM raw_visit WHERE type = 'visit.injected'
)
SELECT
    (SELECT count() FROM injected) AS doses_total,
    (SELECT max(toDate(occurred_at, 'Asia/Ho_Chi_Minh')) FROM injected) AS latest_day,
    (SELECT countIf(toDate(occurred_at, 'Asia/Ho_Chi_Minh') = latest_day) FROM injected) AS doses_latest_day,
    (SELECT uniqExact(province_code) FROM injected) AS provinces_reporting,
    (SELECT sum(n) FROM (
        SELECT count() AS n FROM raw_visit WHERE ingested_at > now64(3) - INTERVAL {window:UInt32} SECOND
        UNION ALL SELECT count() FROM raw_stock WHERE ingested_at > now64(3) - INTERVAL {window:UInt32} SECOND
        UNION ALL SELECT count() FROM raw_registration WHERE ingested_at > now64(3) - INTERVAL {window:UInt32} SECOND
        UNION ALL SELECT count() FROM raw_coldchain WHERE ingested_at > now64(3) - INTERVAL {window:UInt32} SECOND
        UNION ALL SELECT count() FROM raw_verification WHERE ingested_at > now64(3) - INTERVAL {window:UInt32} SECOND
    )) AS events_last_minute,
    (SELECT toUnixTimestamp64Milli(max(occurred_at)) FROM raw_visit) AS latest_event_ms,
    (SELECT toUnixTimestamp64Milli(max(ingested_at)) FROM raw_visit) AS latest_ingest_ms
`;

interface Row {
	doses_total: string;
	latest_day: string;
	doses_latest_day: string;
	provinces_reporting: string;
	events_last_minute: string;
	latest_event_ms: string;
	latest_ingest_ms: string;
}

export async function ingestOverview(client: ClickHouseClient, windowSeconds = 60): Promise<IngestOverview> {
	const [row] = await (await client.query({ query: SQL, query_params: { window: windowSeconds }, format: 'JSONEachRow' })).json<Row>();
	const dosesTotal = Number(row.doses_total);
	return {
		dosesTotal,
		latestDay: dosesTotal > 0 ? row.latest_day : null,
		dosesLatestDay: Number(row.doses_latest_day),
		eventsLastMinute: Number(row.events_last_minute),
		latestEventAt: dosesTotal > 0 || Number(row.latest_event_ms) > 0 ? Number(row.latest_event_ms) : null,
		latestIngestAt: Number(row.latest_ingest_ms) > 0 ? Number(row.latest_ingest_ms) : null,
		provincesReporting: Number(row.provinces_reporting)
	};
}

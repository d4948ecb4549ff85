// What the API puts on the queue and the worker takes off it: rows already serialised for ClickHouse.
export const INGEST_QUEUE = 'mcc-ingest';
export const CHANGED_CHANNEL = 'mcc:changed';
/** When the newest batch was committed (epoch ms), for freshness badges of snapshots read without the live feed. */
export const LAST_COMMIT_KEY = 'mcc:last-commit';
/** The newest event time committed (epoch ms): "now" for live screens of a simulated or replayed campaign. */
export const DATA_CLOCK_KEY = 'mcc:data-clock';
/** Raises DATA_CLOCK_KEY to ARGV[1] when that is later (never lowers it: a backfill does not move the clock back). */
export const RAISE_CLOCK_SCRIPT = `local c = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1]) end return 1`;

/** One raw table's rows: ids[i] is the event id of line i of the NDJSON body (one string: cheap to queue). */
export interface JobTable {
	ids: string[];
	ndjson: string;
}

export interface IngestJob {
	/** When the API queued it (ms): fixes the job's de-duplication day bucket across its retries. */
	createdAt?: number;
	tables: Record<string, JobTable>;
	rejects: string[];
	events: number;
	provinces: string[];
	minOccurredAt: number;
	maxOccurredAt: number;
}

/**
 * What is stored in BullMQ: the NDJSON bodies of all tables live in one binary Redis value beside the job
 * (PAYLOAD_KEY), each table a byte range of it. Rows already are JSON: queueing them inside the job's JSON would
 * escape every quote once more, in the API and again in the worker.
 */
export interface StoredJob extends Omit<IngestJob, 'tables'> {
	tables: Record<string, { ids: string[]; start: number; end: number }>;
}

export const payloadKey = (jobId: string) => `mcc:payload:${jobId}`;
/** Longer than a job can wait (its retries last about a week); a payload is deleted when its job completes. */
export const PAYLOAD_TTL_SECONDS = 30 * 86_400;

/** Published on CHANGED_CHANNEL after each committed batch, for the live layer. */
export interface ChangedMessage {
	tables: string[];
	provinces: string[];
	from: number;
	to: number;
	events: number;
	at: number;
}

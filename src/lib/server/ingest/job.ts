// What the API puts on the queue and the worker takes off it: rows already serialised for ClickHouse.
export const INGEST_QUEUE = 'mcc-ingest';
export const CHANGED_CHANNEL = 'mcc:changed';

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

/** Published on CHANGED_CHANNEL after each committed batch, for the live layer. */
export interface ChangedMessage {
	tables: string[];
	provinces: string[];
	from: number;
	to: number;
	events: number;
	at: number;
}

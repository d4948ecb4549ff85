// What the API puts on the queue and the worker takes off it: rows already serialised for ClickHouse.
import type { TableRows } from './batch.ts';

export const INGEST_QUEUE = 'mcc-ingest';
export const CHANGED_CHANNEL = 'mcc:changed';

export interface IngestJob {
	tables: Record<string, TableRows>;
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

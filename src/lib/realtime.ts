// The realtime contract: one typed map of event name → payload, shared by the server (socket.io) and the browser.
export interface IngestProgress {
	/** Events committed to ClickHouse since the previous message. */
	events: number;
	tables: string[];
	provinces: string[];
	/** Event-time range of those events (ms since epoch): a backfill shows as an old range. */
	from: number;
	to: number;
	/** When the server sent this (ms since epoch), for freshness badges. */
	at: number;
}

export interface ServerToClientEvents {
	'ingest:progress': (progress: IngestProgress) => void;
}

export interface ClientToServerEvents {
	/** Rooms: "national", "province:NN", "site:ID", "ops". */
	'room:join': (room: string, ack: (result: { ok: true } | { ok: false; error: string }) => void) => void;
	'room:leave': (room: string) => void;
}

export const ROOM_PATTERN = /^(national|ops|province:\d{2}|site:[A-Za-z0-9._:\-/]{1,64})$/;

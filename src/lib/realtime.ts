// The realtime contract: one typed map of event name → payload, shared by the server (socket.io) and the browser.
import type { Patch } from './live/patch.ts';

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

/** A room's whole screen: sent when a client joins (or rejoins after a gap), then kept current by deltas. */
export interface RoomSnapshot<T = unknown> {
	room: string;
	/** Increases by one with every delta of this room. */
	version: number;
	/** When the server computed it (ms since epoch), for freshness badges. */
	at: number;
	data: T;
}

/** What changed in a room's screen since version `base`: apply to a snapshot of that version to get `version`. */
export interface RoomDelta {
	room: string;
	base: number;
	version: number;
	at: number;
	/** What changed (see live/patch.ts); {} as a heartbeat. */
	patch: Patch;
}

export interface ServerToClientEvents {
	'ingest:progress': (progress: IngestProgress) => void;
	'room:delta': (delta: RoomDelta) => void;
}

export type JoinResult = { ok: true; snapshot: RoomSnapshot | null } | { ok: false; error: string };

export interface ClientToServerEvents {
	/** Rooms: "national", "province:NN", "site:ID", "ops" (every alert), "ops:NN" (a province's). The answer carries the room's current snapshot. */
	'room:join': (room: string, ack: (result: JoinResult) => void) => void;
	'room:leave': (room: string) => void;
}

export const ROOM_PATTERN = /^(national|ops|ops:\d{2}|province:\d{2}|site:[A-Za-z0-9._:\-/]{1,64})$/;

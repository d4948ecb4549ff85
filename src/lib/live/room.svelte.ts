// A room's screen in the browser: the snapshot from the join, kept current by deltas; rejoins (and so gets a whole
// snapshot) after a reconnect or a missed delta. Reactive ($state): components read `data`, `connected`, `at`.
import { io, type Socket } from 'socket.io-client';
import { applyPatch, type Json } from './patch.ts';
import type { ClientToServerEvents, JoinResult, RoomDelta, ServerToClientEvents } from '../realtime.ts';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket per page, shared by its rooms. */
export function connectLive(): LiveSocket {
	return io({ transports: ['websocket', 'polling'] });
}

export class LiveRoom<T> {
	readonly room: string;
	data = $state<T | null>(null);
	/** When the server computed what is shown (ms since epoch): the freshness badge's clock. */
	at = $state(0);
	connected = $state(false);
	#version = 0;
	#socket: LiveSocket | null = null;
	#joining: Promise<void> | null = null;
	/** Deltas that arrived while joining: applied on top of the join's snapshot (each may be older or newer). */
	#held: RoomDelta[] = [];
	#off: (() => void) | null = null;

	constructor(room: string, initial: T | null = null, initialAt = 0) {
		this.room = room;
		this.data = initial;
		this.at = initialAt;
	}

	start(socket: LiveSocket): () => void {
		this.#socket = socket;
		const onConnect = () => {
			this.connected = true;
			void this.#join();
		};
		const onDisconnect = () => (this.connected = false);
		const onDelta = (delta: RoomDelta) => {
			if (delta.room !== this.room) return;
			if (this.#joining) this.#held.push(delta);
			else this.#apply(delta);
		};
		socket.on('connect', onConnect);
		socket.on('disconnect', onDisconnect);
		socket.on('room:delta', onDelta);
		if (socket.connected) onConnect();
		this.#off = () => {
			socket.off('connect', onConnect);
			socket.off('disconnect', onDisconnect);
			socket.off('room:delta', onDelta);
			socket.emit('room:leave', this.room);
		};
		return () => this.stop();
	}

	stop(): void {
		this.#off?.();
		this.#off = null;
	}

	#apply(delta: RoomDelta): void {
		// Already in the screen (the join read the snapshot this delta made): nothing to do.
		if (delta.version <= this.#version) return;
		if (delta.base !== this.#version) {
			// A delta was missed: start again from a whole snapshot.
			void this.#join();
			return;
		}
		this.data = applyPatch(this.data as Json, delta.patch) as T;
		this.#version = delta.version;
		this.at = delta.at;
	}

	#join(): Promise<void> {
		const socket = this.#socket;
		if (!socket) return Promise.resolve();
		this.#joining ??= (async () => {
			const result = (await socket.timeout(10_000).emitWithAck('room:join', this.room).catch(() => null)) as JoinResult | null;
			if (!result || !result.ok || !result.snapshot) return;
			this.data = result.snapshot.data as T;
			this.#version = result.snapshot.version;
			this.at = result.snapshot.at;
		})().finally(() => {
			this.#joining = null;
			for (const delta of this.#held.splice(0)) this.#apply(delta);
		});
		return this.#joining;
	}
}

import { describe, expect, it } from 'vitest';
import { LiveRoom, type LiveSocket } from './room.svelte.ts';
import type { JoinResult, RoomDelta } from '../realtime.ts';

/** The parts of a socket.io client socket a room uses; joins stay pending until the test answers them. */
class FakeSocket {
	connected = true;
	readonly joins: ((result: JoinResult) => void)[] = [];
	readonly #handlers = new Map<string, ((arg?: unknown) => void)[]>();
	on(event: string, fn: (arg?: unknown) => void) {
		this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), fn]);
	}
	off(event: string, fn: (arg?: unknown) => void) {
		this.#handlers.set(event, (this.#handlers.get(event) ?? []).filter((h) => h !== fn));
	}
	emit() {}
	timeout() {
		return { emitWithAck: () => new Promise<JoinResult>((resolve) => this.joins.push(resolve)) };
	}
	fire(event: string, arg?: unknown) {
		for (const h of this.#handlers.get(event) ?? []) h(arg);
	}
}

const snapshot = (version: number, n: number): JoinResult => ({ ok: true, snapshot: { room: 'national', version, at: version * 1000, data: { n } } });
const delta = (base: number, n: number): RoomDelta => ({ room: 'national', base, version: base + 1, at: (base + 1) * 1000, patch: { n } });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('a live room in the browser', () => {
	it('applies the deltas that arrive while it joins on top of the snapshot, older ones skipped, with no second join', async () => {
		const socket = new FakeSocket();
		const room = new LiveRoom<{ n: number }>('national');
		room.start(socket as unknown as LiveSocket);
		expect(socket.joins).toHaveLength(1);
		// The hub sent versions 2 and 3 before the join's answer (holding version 2) arrived.
		socket.fire('room:delta', delta(1, 2));
		socket.fire('room:delta', delta(2, 3));
		socket.joins[0](snapshot(2, 2));
		await settle();
		expect(room.data).toEqual({ n: 3 });
		expect(room.at).toBe(3000);
		expect(socket.joins).toHaveLength(1);
		socket.fire('room:delta', delta(3, 4));
		expect(room.data).toEqual({ n: 4 });
	});

	it('joins again after a missed delta, and after a reconnect', async () => {
		const socket = new FakeSocket();
		const room = new LiveRoom<{ n: number }>('national');
		room.start(socket as unknown as LiveSocket);
		socket.joins[0](snapshot(1, 1));
		await settle();
		socket.fire('room:delta', delta(4, 5));
		expect(socket.joins).toHaveLength(2);
		expect(room.data).toEqual({ n: 1 });
		socket.joins[1](snapshot(5, 5));
		await settle();
		expect(room.data).toEqual({ n: 5 });

		socket.fire('disconnect');
		expect(room.connected).toBe(false);
		socket.fire('connect');
		expect(room.connected).toBe(true);
		expect(socket.joins).toHaveLength(3);
		socket.joins[2](snapshot(9, 9));
		await settle();
		expect(room.data).toEqual({ n: 9 });
		// Another room's deltas are not this one's.
		socket.fire('room:delta', { ...delta(9, 10), room: 'ops' });
		expect(room.data).toEqual({ n: 9 });
	});
});

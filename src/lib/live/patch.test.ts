import { describe, expect, it } from 'vitest';
import { applyPatch, diff, isEmptyPatch, patchChanges, type Json } from './patch.ts';

const clone = (v: Json) => structuredClone(v);

describe('snapshot deltas', () => {
	it('carries only what changed, by index in arrays of the same length', () => {
		const before = { asOf: 1, provinces: [{ code: '01', doses: 10 }, { code: '79', doses: 20 }], worst: ['02', '04'] };
		const after = { asOf: 2, provinces: [{ code: '01', doses: 10 }, { code: '79', doses: 25 }], worst: ['04', '02'] };
		expect(diff(before, after)).toEqual({ asOf: 2, provinces: { 1: { doses: 25 } }, worst: { 0: '04', 1: '02' } });
		expect(patchChanges(diff(before, after))).toEqual([
			{ path: ['asOf'], value: 2 },
			{ path: ['provinces', '1', 'doses'], value: 25 },
			{ path: ['worst', '0'], value: '04' },
			{ path: ['worst', '1'], value: '02' }
		]);
		expect(applyPatch(clone(before), diff(before, after))).toEqual(after);
	});

	it('replaces arrays that changed length, adds and removes keys, and handles null', () => {
		const before: Json = { hourly: [1, 2], a: 1, gone: true, lag: null };
		const after: Json = { hourly: [1, 2, 3], a: 1, added: { x: 1 }, lag: 4 };
		const patch = diff(before, after);
		expect(patch).toEqual({ hourly: { $: [1, 2, 3] }, gone: { '-': 1 }, added: { $: { x: 1 } }, lag: 4 });
		expect(patchChanges(patch)).toContainEqual({ path: ['gone'], remove: true });
		expect(applyPatch(clone(before), patch)).toEqual(after);
	});

	it('is empty when nothing changed, and replaces the root when its type changes', () => {
		const snapshot: Json = { a: [1, { b: 'c' }] };
		expect(isEmptyPatch(diff(snapshot, clone(snapshot)))).toBe(true);
		expect(applyPatch(clone(snapshot), diff(snapshot, clone(snapshot)))).toEqual(snapshot);
		expect(diff(snapshot, [1])).toEqual({ $: [1] });
		expect(applyPatch(clone(snapshot), diff(snapshot, [1]))).toEqual([1]);
		expect(applyPatch(clone(snapshot), diff(snapshot, 7))).toBe(7);
	});

	it('replaces whole an object whose keys look like the markers, and sets values that look like them', () => {
		const before: Json = { a: { $: 1, b: 2 }, c: { x: 1 } };
		const after: Json = { a: { $: 1, b: 3 }, c: { '-': 1 } };
		expect(diff(before, after)).toEqual({ a: { $: { $: 1, b: 3 } }, c: { $: { '-': 1 } } });
		expect(applyPatch(clone(before), diff(before, after))).toEqual(after);
	});

	it('round-trips random snapshots', () => {
		let seed = 42;
		const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
		const make = (depth: number): Json => {
			const r = random();
			if (r > 0.97) return { $: Math.floor(random() * 3), '-': 1 };
			if (depth > 3 || r < 0.3) return r < 0.1 ? null : Math.floor(r * 100);
			if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => make(depth + 1));
			return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, i) => [`k${Math.floor(random() * 5)}${i}`, make(depth + 1)]));
		};
		for (let i = 0; i < 500; i++) {
			const a = make(0);
			const b = make(0);
			expect(applyPatch(clone(a), diff(a, b))).toEqual(b);
			// Through the wire as socket.io sends it.
			expect(applyPatch(clone(a), JSON.parse(JSON.stringify(diff(a, b))))).toEqual(b);
		}
	});
});

// Deltas between two snapshots of a screen: only what changed travels to the wall screens each second.
// A patch is a tree shaped like the snapshot, holding only what changed: at each changed key of an object (or index
// of an array whose length did not change: provinces, sites and hours keep their order) either the new value —
// numbers, strings, booleans and null as they are, objects and arrays wrapped as {"$": value} — or {"-": 1} for a key
// that is gone, or the patch of what changed beneath it. A root replaced whole is {"$": value}; nothing changed, {}.
// Each path is written once however many values change beneath it: at 10,000 events/s the national delta, where
// every province's counters and targets move each second, is ~3 times smaller than a list of (path, value) pairs.
// Values are JSON (no undefined, no functions).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Patch = { [key: string]: Json | Patch };
/** One change of a patch, by its path from the root (see patchChanges). */
export type PatchOp = { path: string[]; value: Json } | { path: string[]; remove: true };

export const isEmptyPatch = (patch: Patch): boolean => Object.keys(patch).length === 0;

const SET = '$';
const REMOVE = '-';

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const wrap = (v: Json): Json | Patch => (v !== null && typeof v === 'object' ? { [SET]: v } : v);
/** An object whose own keys look like a patch's markers is replaced whole rather than patched (never in our screens). */
const patchable = (v: Record<string, Json>) => !(SET in v) && !(REMOVE in v);

/** The change from `before` to `after` below one key: undefined when there is none. */
function change(before: Json, after: Json): Json | Patch | undefined {
	if (before === after) return undefined;
	if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
		const node: Patch = {};
		for (let i = 0; i < after.length; i++) {
			const c = change(before[i], after[i]);
			if (c !== undefined) node[i] = c;
		}
		return isEmptyPatch(node) ? undefined : node;
	}
	if (isObject(before) && isObject(after) && patchable(before) && patchable(after)) {
		const node: Patch = {};
		for (const key of Object.keys(before)) if (!(key in after)) node[key] = { [REMOVE]: 1 };
		for (const key of Object.keys(after)) {
			const c = key in before ? change(before[key], after[key]) : wrap(after[key]);
			if (c !== undefined) node[key] = c;
		}
		return isEmptyPatch(node) ? undefined : node;
	}
	return wrap(after);
}

export function diff(before: Json, after: Json): Patch {
	const c = change(before, after);
	if (c === undefined) return {};
	return isObject(c) ? (c as Patch) : { [SET]: c };
}

function apply(target: Json, node: Json | Patch): Json {
	if (!isObject(node)) return node as Json;
	if (SET in node) return node[SET] as Json;
	const into = target as Record<string, Json>;
	for (const [key, child] of Object.entries(node)) {
		if (isObject(child) && REMOVE in child) delete into[key];
		else into[key] = apply(into[key], child);
	}
	return target;
}

/** Applies a patch made by diff(); returns the new root (the same object, changed in place, unless the root is replaced). */
export function applyPatch(target: Json, patch: Patch): Json {
	return apply(target, patch);
}

/** The patch as a list of changes, each by its path (array indices as strings), in the patch's order. */
export function patchChanges(patch: Patch): PatchOp[] {
	const out: PatchOp[] = [];
	const visit = (node: Json | Patch, path: string[]) => {
		if (!isObject(node)) out.push({ path, value: node as Json });
		else if (SET in node) out.push({ path, value: node[SET] as Json });
		else if (REMOVE in node) out.push({ path, remove: true });
		else for (const [key, child] of Object.entries(node)) visit(child, [...path, key]);
	};
	if (!isEmptyPatch(patch)) visit(patch, []);
	return out;
}

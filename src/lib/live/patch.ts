// Deltas between two snapshots of a screen: only what changed travels to the wall screens each second.
// A patch is a list of operations on paths; arrays of equal length are diffed by index (provinces, sites and hours
// keep their order), other changes replace the value. Values are JSON (no undefined, no functions).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type PatchOp = { path: (string | number)[]; value: Json } | { path: (string | number)[]; remove: true };

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function diff(before: Json, after: Json, path: (string | number)[] = [], ops: PatchOp[] = []): PatchOp[] {
	if (before === after) return ops;
	if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
		for (let i = 0; i < after.length; i++) diff(before[i], after[i], [...path, i], ops);
		return ops;
	}
	if (isObject(before) && isObject(after)) {
		for (const key of Object.keys(before)) if (!(key in after)) ops.push({ path: [...path, key], remove: true });
		for (const key of Object.keys(after)) {
			if (key in before) diff(before[key], after[key], [...path, key], ops);
			else ops.push({ path: [...path, key], value: after[key] });
		}
		return ops;
	}
	ops.push({ path, value: after });
	return ops;
}

/** Applies a patch made by diff(); returns the new root (the same object, changed in place, unless the root is replaced). */
export function applyPatch(target: Json, ops: readonly PatchOp[]): Json {
	let root = target;
	for (const op of ops) {
		if (op.path.length === 0) {
			root = 'remove' in op ? null : op.value;
			continue;
		}
		let node = root as Record<string | number, Json>;
		for (const key of op.path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
		const last = op.path[op.path.length - 1];
		if ('remove' in op) delete node[last];
		else node[last] = op.value;
	}
	return root;
}

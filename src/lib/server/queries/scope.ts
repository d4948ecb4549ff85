// Where a number is about: the nation, a province, a district or a site; and how SQL receives it.
export type Scope =
	| { level: 'national' }
	| { level: 'province'; province: string }
	| { level: 'district'; province: string; district: string }
	| { level: 'site'; province: string; facility: string };

/**
 * Several provinces, or several sites, answered by one query whose rows carry their unit (the live hub recomputes
 * every watched room of a kind at once: each query costs milliseconds, however few rows it reads).
 */
export type Units =
	| { level: 'provinces'; provinces: readonly string[] }
	| { level: 'sites'; sites: readonly { province: string; facility: string }[] };

export interface ScopeParams {
	province: string;
	district: string;
	facility: string;
	/** `{provinces:Array(String)}`, `{facilities:Array(String)}`: empty where the scope does not restrict. */
	provinces: string[];
	facilities: string[];
	[key: string]: unknown;
}

/**
 * `{province:String}`, `{district:String}`, `{facility:String}`: '' where the scope does not restrict; and the same as
 * arrays, for the queries that answer many units at once (their rows' unit is the province or site, '' for a whole
 * nation or district).
 */
export function scopeParams(scope: Scope | Units): ScopeParams {
	if (scope.level === 'provinces') return { province: '', district: '', facility: '', provinces: [...scope.provinces], facilities: [] };
	if (scope.level === 'sites') {
		return { province: '', district: '', facility: '', provinces: [...new Set(scope.sites.map((s) => s.province))], facilities: scope.sites.map((s) => s.facility) };
	}
	const province = scope.level === 'national' ? '' : scope.province;
	const facility = scope.level === 'site' ? scope.facility : '';
	return {
		province,
		district: scope.level === 'district' ? scope.district : '',
		facility,
		provinces: province ? [province] : [],
		facilities: facility ? [facility] : []
	};
}

/** The unit a query answering many units gives a single scope's rows: its province or site; '' for the nation or a district. */
export function unitOf(scope: Scope): string {
	return scope.level === 'province' ? scope.province : scope.level === 'site' ? scope.facility : '';
}

/** The units a query answers for: the provinces or sites, or a single scope's one unit. */
export function unitKeys(scope: Scope | Units): string[] {
	if (scope.level === 'provinces') return [...scope.provinces];
	if (scope.level === 'sites') return scope.sites.map((s) => s.facility);
	return [unitOf(scope)];
}

/** Rows grouped by their unit, every unit of the scope present (with no rows where the query found none). */
export function byUnit<R extends { unit: string }, T>(scope: Scope | Units, rows: readonly R[], fold: (rows: R[]) => T): Map<string, T> {
	const groups = Map.groupBy(rows, (r) => r.unit);
	return new Map(unitKeys(scope).map((unit) => [unit, fold(groups.get(unit) ?? [])]));
}

/** District and site numbers come from facility-grain rollups; national and provincial ones from province-grain. */
export const needsFacilityGrain = (scope: Scope | Units) => scope.level === 'district' || scope.level === 'site' || scope.level === 'sites';

export const NATIONAL: Scope = { level: 'national' };

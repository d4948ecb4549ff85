// Where a number is about: the nation, a province, a district or a site; and how SQL receives it.
export type Scope =
	| { level: 'national' }
	| { level: 'province'; province: string }
	| { level: 'district'; province: string; district: string }
	| { level: 'site'; province: string; facility: string };

export interface ScopeParams {
	province: string;
	district: string;
	facility: string;
	[key: string]: unknown;
}

/** `{province:String}`, `{district:String}`, `{facility:String}`: '' where the scope does not restrict. */
export function scopeParams(scope: Scope): ScopeParams {
	return {
		province: scope.level === 'national' ? '' : scope.province,
		district: scope.level === 'district' ? scope.district : '',
		facility: scope.level === 'site' ? scope.facility : ''
	};
}

/** District and site numbers come from facility-grain rollups; national and provincial ones from province-grain. */
export const needsFacilityGrain = (scope: Scope) => scope.level === 'district' || scope.level === 'site';

export const NATIONAL: Scope = { level: 'national' };

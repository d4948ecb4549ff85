// The place directory of this process: districts and facilities by code, refreshed once a minute (an import of
// official lists shows within a minute without a restart). Resolves the scope strings of the API and the pages.
import type { ClickHouseClient } from './clickhouse/client.ts';
import { placeDirectory, type DistrictEntry, type FacilityEntry } from './queries/place-directory.ts';
import { populations, type Population } from './queries/populations.ts';
import { PROVINCE_BY_CODE } from '../reference/provinces.ts';
import type { Scope } from './queries/scope.ts';

export interface Places {
	districts: Map<string, DistrictEntry>;
	facilities: Map<string, FacilityEntry>;
	districtsOf(province: string): DistrictEntry[];
	sitesOf(province: string, district?: string): FacilityEntry[];
	/** Population and 18+ of each province and district, by code. */
	population: Map<string, Population>;
	/** The nation's: the sum of the provinces'. */
	nationalPopulation: { population: number; population18: number; population18Estimated: boolean };
	/** The census populations are multiplied by this (POPULATION_SCALE: a simulated campaign's share of the country). */
	populationScale: number;
}

const REFRESH_MS = 60_000;
const cache = new WeakMap<ClickHouseClient, { at: number; scale: number; places: Promise<Places> }>();

export function getPlaces(client: ClickHouseClient, populationScale = 1, now = Date.now()): Promise<Places> {
	const hit = cache.get(client);
	if (hit && hit.scale === populationScale && now - hit.at < REFRESH_MS) return hit.places;
	const places = load(client, populationScale);
	cache.set(client, { at: now, scale: populationScale, places });
	// A failed load is not kept: the next call tries again.
	places.catch(() => cache.delete(client));
	return places;
}

async function load(client: ClickHouseClient, scale: number): Promise<Places> {
	const [{ districts, facilities }, census] = await Promise.all([placeDirectory(client), populations(client)]);
	const people = census.map((p) => ({ ...p, population: Math.round(p.population * scale), population18: Math.round(p.population18 * scale) }));
	const provinces = people.filter((p) => p.level === 'province');
	const byProvince = new Map<string, DistrictEntry[]>();
	for (const d of districts) (byProvince.get(d.province) ?? byProvince.set(d.province, []).get(d.province)!).push(d);
	const sitesByProvince = new Map<string, FacilityEntry[]>();
	for (const f of facilities) if (f.kind === 'site') (sitesByProvince.get(f.province) ?? sitesByProvince.set(f.province, []).get(f.province)!).push(f);
	return {
		districts: new Map(districts.map((d) => [d.code, d])),
		facilities: new Map(facilities.map((f) => [f.id, f])),
		districtsOf: (province) => byProvince.get(province) ?? [],
		sitesOf: (province, district) => (sitesByProvince.get(province) ?? []).filter((f) => district === undefined || f.district === district),
		// District and province codes never collide: GSO districts have 3 digits, provinces 2.
		population: new Map(people.map((p) => [p.code, p])),
		nationalPopulation: {
			population: provinces.reduce((s, p) => s + p.population, 0),
			population18: provinces.reduce((s, p) => s + p.population18, 0),
			population18Estimated: provinces.some((p) => p.population18Estimated)
		},
		populationScale: scale
	};
}

export type ScopeResult = { ok: true; scope: Scope } | { ok: false; message: string };

/** "national", "province:01", "district:001", "site:S-01-00001" (a store id works as a site). */
export function parseScope(text: string | null, places: Places): ScopeResult {
	const value = text ?? 'national';
	if (value === 'national') return { ok: true, scope: { level: 'national' } };
	const colon = value.indexOf(':');
	const [level, code] = colon < 0 ? [value, ''] : [value.slice(0, colon), value.slice(colon + 1)];
	if (level === 'province') {
		return PROVINCE_BY_CODE.has(code) ? { ok: true, scope: { level, province: code } } : { ok: false, message: `province "${code.slice(0, 16)}" is not one of the 63 GSO codes of 2021` };
	}
	if (level === 'district') {
		const d = places.districts.get(code);
		return d ? { ok: true, scope: { level, province: d.province, district: code } } : { ok: false, message: `district "${code.slice(0, 16)}" is unknown` };
	}
	if (level === 'site') {
		const f = places.facilities.get(code);
		return f ? { ok: true, scope: { level, province: f.province, facility: code } } : { ok: false, message: `site "${code.slice(0, 64)}" is unknown` };
	}
	return { ok: false, message: 'must be national, province:NN, district:CODE or site:ID' };
}

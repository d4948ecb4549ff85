// Reference data of a deployment: the admin hierarchy with populations, the facilities of the campaign.
// Generated plausibly for the 63 provinces of 2021 (src/lib/reference/build.ts), or imported from official lists.

export interface District {
	/** 3 digits, unique nationally, stable for a seed (GSO style). */
	code: string;
	provinceCode: string;
	nameVi: string;
	nameEn: string;
	population: number;
	/** Estimated (see ADULT_SHARE_ESTIMATE): no source gives the 2019 census 18+ count. */
	population18: number;
	/** Centre, WGS84. */
	lon: number;
	lat: number;
}

export interface Commune {
	/** 5 digits, unique nationally. */
	code: string;
	districtCode: string;
	provinceCode: string;
	nameVi: string;
	nameEn: string;
	population: number;
	population18: number;
}

export type FacilityKind = 'site' | 'store';
/** Stores form the cold chain national → regional institute → provincial CDC → district health centre → sites. */
export type FacilityLevel = 'national' | 'regional' | 'provincial' | 'district' | 'site';

export interface Facility {
	/** Stable id, e.g. "S-79-00123" (site) or "W-79-760" (district store). */
	id: string;
	kind: FacilityKind;
	level: FacilityLevel;
	provinceCode: string;
	/** Empty for national and regional stores. */
	districtCode: string;
	communeCode: string;
	nameVi: string;
	nameEn: string;
	lon: number;
	lat: number;
	/** Injection tables (số bàn tiêm); 0 for stores. */
	tables: number;
	personInCharge: string;
	staff: number;
	/** Emergency / anti-shock team members. */
	emergencyTeam: number;
	readiness: { internet: boolean; computer: boolean; printer: boolean; qrScanner: boolean };
	/** The store this facility receives vaccine from (empty for the national store). */
	supplierId: string;
}

export interface PriorityGroup {
	/** 1..16, as in Resolution 21/NQ-CP (2021). */
	number: number;
	nameVi: string;
	nameEn: string;
}

export interface ReferenceData {
	districts: District[];
	communes: Commune[];
	facilities: Facility[];
}

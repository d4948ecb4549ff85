// Reference data as rows of the ref_* tables (clickhouse/0003_reference.sql), snake_case as stored.
import type { Commune, District, Facility, PriorityGroup } from '../../reference/types.ts';
import type { Province } from '../../reference/provinces.ts';
import type { Vaccine } from '../../reference/vaccines.ts';
import { adultsOf } from '../../reference/build.ts';

export type RefTable = 'ref_province' | 'ref_district' | 'ref_commune' | 'ref_facility' | 'ref_priority_group' | 'ref_vaccine';
export type Source = 'generated' | 'import';
export type Row = Record<string, string | number | boolean>;

export const provinceRow = (p: Province, version: number): Row => ({
	code: p.code,
	iso: p.iso,
	name_vi: p.nameVi,
	name_en: p.nameEn,
	region: p.region,
	population: p.population2019,
	population18: adultsOf(p.population2019),
	population18_estimated: 1,
	version
});

export const districtRow = (d: District, source: Source, version: number, estimated = true): Row => ({
	code: d.code,
	province_code: d.provinceCode,
	name_vi: d.nameVi,
	name_en: d.nameEn,
	population: d.population,
	population18: d.population18,
	population18_estimated: estimated ? 1 : 0,
	lon: d.lon,
	lat: d.lat,
	source,
	version
});

export const communeRow = (c: Commune, source: Source, version: number, estimated = true): Row => ({
	code: c.code,
	district_code: c.districtCode,
	province_code: c.provinceCode,
	name_vi: c.nameVi,
	name_en: c.nameEn,
	population: c.population,
	population18: c.population18,
	population18_estimated: estimated ? 1 : 0,
	source,
	version
});

export const facilityRow = (f: Facility, source: Source, version: number): Row => ({
	id: f.id,
	kind: f.kind,
	level: f.level,
	province_code: f.provinceCode,
	district_code: f.districtCode,
	commune_code: f.communeCode,
	name_vi: f.nameVi,
	name_en: f.nameEn,
	lon: f.lon,
	lat: f.lat,
	tables: f.tables,
	person_in_charge: f.personInCharge,
	staff: f.staff,
	emergency_team: f.emergencyTeam,
	internet: f.readiness.internet,
	computer: f.readiness.computer,
	printer: f.readiness.printer,
	qr_scanner: f.readiness.qrScanner,
	supplier_id: f.supplierId,
	source,
	version
});

export const priorityGroupRow = (g: PriorityGroup, version: number): Row => ({ number: g.number, name_vi: g.nameVi, name_en: g.nameEn, version });

export const vaccineRow = (v: Vaccine, version: number): Row => ({
	code: v.code,
	name: v.name,
	manufacturer: v.manufacturer,
	primary_doses: v.primaryDoses,
	min_interval_days: v.minIntervalDays,
	storage_min_c: v.storage.minC,
	storage_max_c: v.storage.maxC,
	version
});

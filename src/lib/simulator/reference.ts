// The reference data the simulator runs on: the deployment's own (ref_* tables, generated at first start or
// imported from official lists), so simulated facility ids are the ones the dashboards know.
import type { ClickHouseClient } from '../server/clickhouse/client.ts';
import type { District, Facility, FacilityKind, FacilityLevel, ReferenceData } from '../reference/types.ts';

interface FacilityRow {
	id: string;
	kind: string;
	level: string;
	province_code: string;
	district_code: string;
	commune_code: string;
	name_vi: string;
	name_en: string;
	lon: number;
	lat: number;
	tables: number;
	person_in_charge: string;
	staff: number;
	emergency_team: number;
	internet: boolean;
	computer: boolean;
	printer: boolean;
	qr_scanner: boolean;
	supplier_id: string;
}

interface DistrictRow {
	code: string;
	province_code: string;
	name_vi: string;
	name_en: string;
	population: number;
	population18: number;
	lon: number;
	lat: number;
}

/** Districts and facilities of the database (communes are not needed by the simulator: left empty). */
export async function loadReference(client: ClickHouseClient): Promise<ReferenceData> {
	const [facilities, districts] = await Promise.all([
		(
			await client.query({
				query: `SELECT id, kind, level, province_code, district_code, commune_code, name_vi, name_en, lon, lat, tables, person_in_charge,
				               staff, emergency_team, internet, computer, printer, qr_scanner, supplier_id
				        FROM ref_facility FINAL WHERE deleted = 0 ORDER BY id`,
				format: 'JSONEachRow'
			})
		).json<FacilityRow>(),
		(
			await client.query({
				query: 'SELECT code, province_code, name_vi, name_en, population, population18, lon, lat FROM ref_district FINAL WHERE deleted = 0 ORDER BY code',
				format: 'JSONEachRow'
			})
		).json<DistrictRow>()
	]);
	if (facilities.length === 0) throw new Error('ref_facility is empty: start the server once (it seeds the reference data) or import official lists');
	// Facilities in their generated order (stores first, then sites by id) do not matter: the simulator sorts by its own rules.
	return {
		districts: districts.map(
			(d): District => ({
				code: d.code,
				provinceCode: d.province_code,
				nameVi: d.name_vi,
				nameEn: d.name_en,
				population: Number(d.population),
				population18: Number(d.population18),
				lon: Number(d.lon),
				lat: Number(d.lat)
			})
		),
		communes: [],
		facilities: facilities.map(
			(f): Facility => ({
				id: f.id,
				kind: f.kind as FacilityKind,
				level: f.level as FacilityLevel,
				provinceCode: f.province_code,
				districtCode: f.district_code,
				communeCode: f.commune_code,
				nameVi: f.name_vi,
				nameEn: f.name_en,
				lon: Number(f.lon),
				lat: Number(f.lat),
				tables: Number(f.tables),
				personInCharge: f.person_in_charge,
				staff: Number(f.staff),
				emergencyTeam: Number(f.emergency_team),
				readiness: { internet: Boolean(f.internet), computer: Boolean(f.computer), printer: Boolean(f.printer), qrScanner: Boolean(f.qr_scanner) },
				supplierId: f.supplier_id
			})
		)
	};
}

// Every district and facility with what screens name and place them by: province, district, names, level, tables,
// coordinates. Reference data changes only on import: callers keep it (see ../places.ts).
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';

export interface DistrictEntry {
	code: string;
	province: string;
	nameVi: string;
	nameEn: string;
	lon: number;
	lat: number;
}

export interface FacilityEntry {
	id: string;
	kind: 'site' | 'store';
	level: string;
	province: string;
	district: string;
	nameVi: string;
	nameEn: string;
	tables: number;
	lon: number;
	lat: number;
}

const DISTRICTS = `SELECT code, province_code, name_vi, name_en, lon, lat FROM ref_district FINAL WHERE deleted = 0 ORDER BY code`;
const FACILITIES = `
SELECT id, kind, level, province_code, district_code, name_vi, name_en, tables, lon, lat
FROM ref_facility FINAL WHERE deleted = 0 ORDER BY id`;

export async function placeDirectory(client: ClickHouseClient): Promise<{ districts: DistrictEntry[]; facilities: FacilityEntry[] }> {
	const [districts, facilities] = await Promise.all([
		selectRows<{ code: string; province_code: string; name_vi: string; name_en: string; lon: number; lat: number }>(client, DISTRICTS),
		selectRows<{ id: string; kind: string; level: string; province_code: string; district_code: string; name_vi: string; name_en: string; tables: number; lon: number; lat: number }>(client, FACILITIES)
	]);
	return {
		districts: districts.map((d) => ({ code: d.code, province: d.province_code, nameVi: d.name_vi, nameEn: d.name_en, lon: Number(d.lon), lat: Number(d.lat) })),
		facilities: facilities.map((f) => ({
			id: f.id,
			kind: f.kind === 'site' ? 'site' : 'store',
			level: f.level,
			province: f.province_code,
			district: f.district_code,
			nameVi: f.name_vi,
			nameEn: f.name_en,
			tables: Number(f.tables),
			lon: Number(f.lon),
			lat: Number(f.lat)
		}))
	};
}

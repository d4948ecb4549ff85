// Denominators: population and population aged 18+ (an estimate where flagged) of every province and district.
// Reference data changes only on import, so callers may keep the answer for a while.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';

export interface Population {
	code: string;
	/** The province of a district; the province's own code for a province. */
	province: string;
	level: 'province' | 'district';
	nameVi: string;
	nameEn: string;
	population: number;
	population18: number;
	population18Estimated: boolean;
}

const SQL = `
SELECT code, code AS province, 'province' AS level, name_vi, name_en, population, population18, population18_estimated
FROM ref_province FINAL WHERE deleted = 0
UNION ALL
SELECT code, province_code AS province, 'district' AS level, name_vi, name_en, population, population18, population18_estimated
FROM ref_district FINAL WHERE deleted = 0
ORDER BY level DESC, code
`;

interface Row {
	code: string;
	province: string;
	level: 'province' | 'district';
	name_vi: string;
	name_en: string;
	population: number;
	population18: number;
	population18_estimated: number;
}

export async function populations(client: ClickHouseClient): Promise<Population[]> {
	const rows = await selectRows<Row>(client, SQL);
	return rows.map((r) => ({
		code: r.code,
		province: r.province,
		level: r.level,
		nameVi: r.name_vi,
		nameEn: r.name_en,
		population: Number(r.population),
		population18: Number(r.population18),
		population18Estimated: Number(r.population18_estimated) === 1
	}));
}

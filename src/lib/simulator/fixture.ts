// A tiny hand-made ReferenceData for tests: 2 provinces (Hà Nội, TP HCM), 2 districts each, 3 sites per district,
// and the chain of stores national → regional → provincial → district.
import type { District, Facility, ReferenceData } from '../reference/types.ts';

const READY = { internet: true, computer: true, printer: true, qrScanner: true };

function facility(id: string, level: Facility['level'], provinceCode: string, districtCode: string, supplierId: string, tables = 0, internet = true): Facility {
	return {
		id,
		kind: level === 'site' ? 'site' : 'store',
		level,
		provinceCode,
		districtCode,
		communeCode: districtCode ? `${districtCode}01` : '',
		nameVi: id,
		nameEn: id,
		lon: 106,
		lat: 16,
		tables,
		personInCharge: 'BS. Nguyễn Văn An',
		staff: tables * 3 + 4,
		emergencyTeam: tables > 0 ? 2 : 0,
		readiness: { ...READY, internet },
		supplierId
	};
}

export function fixtureReference(): ReferenceData {
	const districts: District[] = [];
	const facilities: Facility[] = [
		facility('W-NAT', 'national', '01', '', ''),
		facility('W-REG-N', 'regional', '01', '', 'W-NAT'),
		facility('W-REG-S', 'regional', '79', '', 'W-NAT')
	];
	for (const [province, regional, codes] of [
		['01', 'W-REG-N', ['001', '002']],
		['79', 'W-REG-S', ['760', '761']]
	] as const) {
		facilities.push(facility(`W-${province}`, 'provincial', province, codes[0], regional));
		let n = 0;
		for (const code of codes) {
			districts.push({ code, provinceCode: province, nameVi: code, nameEn: code, population: 300_000, population18: 213_000, lon: 106, lat: 16 });
			facilities.push(facility(`W-${province}-${code}`, 'district', province, code, `W-${province}`));
			for (let i = 0; i < 3; i++) {
				n++;
				facilities.push(facility(`S-${province}-${String(n).padStart(5, '0')}`, 'site', province, code, `W-${province}-${code}`, 2 + i, n !== 2));
			}
		}
	}
	return { districts, communes: [], facilities };
}

import { describe, expect, it } from 'vitest';
import { ADULT_SHARE_ESTIMATE, PRIORITY_GROUPS, adultsOf, apportion, asciiName, buildReference, NATIONAL_STORE_ID } from './build.ts';
import { PROVINCES, PROVINCE_BY_CODE } from './provinces.ts';
import { pointInShape } from './geo.ts';
import { testPolygons } from './test-polygons.ts';
import type { Facility } from './types.ts';

const polygons = testPolygons();
const ref = buildReference(1, polygons);
const sites = ref.facilities.filter((f) => f.kind === 'site');
const stores = ref.facilities.filter((f) => f.kind === 'store');

function sumBy<T>(items: readonly T[], key: (t: T) => string, value: (t: T) => number): Map<string, number> {
	const sums = new Map<string, number>();
	for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
	return sums;
}

describe('apportion', () => {
	it('adds up exactly, respects the minimum, follows the weights', () => {
		expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
		expect(apportion(100, [1, 1000], 5)).toEqual([5, 95]);
		expect(apportion(7, [0, 0])).toEqual([4, 3]);
		const parts = apportion(96_208_984, [3, 1, 4, 1, 5, 9, 2, 6]);
		expect(parts.reduce((a, b) => a + b)).toBe(96_208_984);
		expect(() => apportion(5, [1, 1, 1], 2)).toThrow();
	});
});

describe('reference data (seed 1)', () => {
	it('the 63 provinces add up to the 2019 census national population', () => {
		expect(PROVINCES).toHaveLength(63);
		expect(PROVINCES.reduce((a, p) => a + p.population2019, 0)).toBe(96_208_984);
	});

	it('about 705 districts, each province at least 5, Hà Nội 30 and TP HCM 22', () => {
		expect(ref.districts).toHaveLength(705);
		const perProvince = sumBy(ref.districts, (d) => d.provinceCode, () => 1);
		expect(perProvince.size).toBe(63);
		for (const n of perProvince.values()) expect(n).toBeGreaterThanOrEqual(5);
		expect(perProvince.get('01')).toBe(30);
		expect(perProvince.get('79')).toBe(22);
		// roughly by population: Thanh Hóa has more than Bắc Kạn
		expect(perProvince.get('38')!).toBeGreaterThan(perProvince.get('06')! * 2);
	});

	it('districts add up exactly to their province, in population and 18+ population', () => {
		const pop = sumBy(ref.districts, (d) => d.provinceCode, (d) => d.population);
		const adults = sumBy(ref.districts, (d) => d.provinceCode, (d) => d.population18);
		for (const p of PROVINCES) {
			expect(pop.get(p.code)).toBe(p.population2019);
			expect(adults.get(p.code)).toBe(Math.round(p.population2019 * ADULT_SHARE_ESTIMATE));
		}
		for (const d of ref.districts) {
			expect(Math.abs(d.population18 - d.population * ADULT_SHARE_ESTIMATE)).toBeLessThanOrEqual(1);
		}
		expect(ref.districts.reduce((a, d) => a + d.population, 0)).toBe(96_208_984);
		expect(adultsOf(96_208_984)).toBe(68_308_379);
	});

	it('about 10,600 communes adding up exactly to their district', () => {
		expect(ref.communes).toHaveLength(10_600);
		const byDistrict = new Map(ref.districts.map((d) => [d.code, d]));
		const pop = sumBy(ref.communes, (c) => c.districtCode, (c) => c.population);
		const adults = sumBy(ref.communes, (c) => c.districtCode, (c) => c.population18);
		for (const d of ref.districts) {
			expect(pop.get(d.code)).toBe(d.population);
			expect(adults.get(d.code)).toBe(d.population18);
		}
		for (const c of ref.communes) {
			expect(byDistrict.get(c.districtCode)?.provinceCode).toBe(c.provinceCode);
			expect(c.population18).toBeLessThanOrEqual(c.population);
			expect(c.population).toBeGreaterThan(0);
		}
	});

	it('codes: 3-digit districts and 5-digit communes, unique nationally, in province order', () => {
		expect(ref.districts.every((d) => /^\d{3}$/.test(d.code))).toBe(true);
		expect(ref.communes.every((c) => /^\d{5}$/.test(c.code))).toBe(true);
		expect(new Set(ref.districts.map((d) => d.code)).size).toBe(ref.districts.length);
		expect(new Set(ref.communes.map((c) => c.code)).size).toBe(ref.communes.length);
		const order = PROVINCES.map((p) => p.code);
		const provinceIndex = ref.districts.map((d) => order.indexOf(d.provinceCode));
		expect(provinceIndex).toEqual([...provinceIndex].sort((a, b) => a - b));
		expect(ref.districts.map((d) => d.code)).toEqual([...ref.districts.map((d) => d.code)].sort());
	});

	it('names are generated in the Vietnamese styles', () => {
		const names = ref.districts.map((d) => d.nameVi);
		expect(names).toContain('Quận 5');
		expect(names).toContain('Thành phố Hà Giang');
		expect(names.some((n) => /^Huyện Hà Giang \d+$/.test(n))).toBe(true);
		expect(ref.communes.every((c) => /^(Phường \d+|Xã \S+ \S+|Thị trấn \S+ \S+)$/.test(c.nameVi))).toBe(true);
		expect(ref.communes.every((c) => /^[\x20-\x7e]+$/.test(c.nameEn))).toBe(true);
		expect(asciiName('Đắk Lắk')).toBe('Dak Lak');
	});

	it('19,500 ± 2 % sites, at least 3 per district, each in a commune of its district', () => {
		expect(Math.abs(sites.length - 19_500)).toBeLessThanOrEqual(390);
		const perDistrict = sumBy(sites, (s) => s.districtCode, () => 1);
		expect(perDistrict.size).toBe(ref.districts.length);
		for (const n of perDistrict.values()) expect(n).toBeGreaterThanOrEqual(3);
		const communeDistrict = new Map(ref.communes.map((c) => [c.code, c.districtCode]));
		for (const s of sites) {
			expect(communeDistrict.get(s.communeCode)).toBe(s.districtCode);
			expect(s.id).toMatch(new RegExp(`^S-${s.provinceCode}-\\d{5}$`));
		}
	});

	it('site attributes are in range and mostly ready', () => {
		const outOfRange = sites.filter(
			(s) =>
				!(s.tables >= 1 && s.tables <= 10 && s.staff >= 5 && s.staff <= 40 && s.emergencyTeam >= 2 && s.emergencyTeam <= 6) ||
				!/^[A-Za-zĐ.]+\.\s\p{Lu}\p{Ll}*\s\p{Lu}\p{Ll}*\s\p{Lu}\p{Ll}*$/u.test(s.personInCharge)
		);
		expect(outOfRange).toEqual([]);
		const share = (flag: keyof Facility['readiness']) => sites.filter((s) => s.readiness[flag]).length / sites.length;
		expect(share('internet')).toBeCloseTo(0.9, 1);
		expect(share('computer')).toBeCloseTo(0.95, 1);
		expect(share('printer')).toBeCloseTo(0.8, 1);
		expect(share('qrScanner')).toBeCloseTo(0.7, 1);
		const mostly = sites.filter((s) => s.tables >= 2 && s.tables <= 4).length / sites.length;
		expect(mostly).toBeGreaterThan(0.6);
		const meanTables = (code: string) => {
			const list = sites.filter((s) => s.provinceCode === code);
			return list.reduce((a, s) => a + s.tables, 0) / list.length;
		};
		expect(meanTables('79')).toBeGreaterThan(meanTables('12'));
	});

	it('stores: 1 national, 4 regional, 63 provincial, one per district', () => {
		const byLevel = sumBy(stores, (s) => s.level, () => 1);
		expect(Object.fromEntries(byLevel)).toEqual({ national: 1, regional: 4, provincial: 63, district: 705 });
		const byId = new Map(ref.facilities.map((f) => [f.id, f]));
		expect(byId.size).toBe(ref.facilities.length);
		expect(byId.get('W-NAT')?.provinceCode).toBe('01');
		expect(byId.get('W-REG-N')?.provinceCode).toBe('01');
		expect(byId.get('W-REG-C')?.provinceCode).toBe('56');
		expect(byId.get('W-REG-H')?.provinceCode).toBe('66');
		expect(byId.get('W-REG-S')?.provinceCode).toBe('79');
		for (const d of ref.districts) expect(byId.get(`W-${d.provinceCode}-${d.code}`)?.level).toBe('district');
		for (const p of PROVINCES) expect(byId.get(`W-${p.code}`)?.level).toBe('provincial');
		expect(byId.get('W-38')?.supplierId).toBe('W-REG-C');
		expect(byId.get('W-66')?.supplierId).toBe('W-REG-H');
		expect(byId.get('W-96')?.supplierId).toBe('W-REG-S');
		expect(byId.get('W-22')?.supplierId).toBe('W-REG-N');
		for (const s of stores) expect(s.tables).toBe(0);
	});

	it('the supplier chain reaches W-NAT from every facility, level by level', () => {
		const byId = new Map(ref.facilities.map((f) => [f.id, f]));
		const next: Record<string, string> = { site: 'district', district: 'provincial', provincial: 'regional', regional: 'national' };
		const problems: string[] = [];
		for (const f of ref.facilities) {
			let at = f;
			for (let hops = 0; at.id !== NATIONAL_STORE_ID; hops++) {
				const supplier = byId.get(at.supplierId);
				if (hops >= 5 || !supplier) {
					problems.push(`${f.id}: ${at.id} → ${at.supplierId || '(none)'}`);
					break;
				}
				if (supplier.level !== next[at.level]) problems.push(`${at.id} (${at.level}) supplied by ${supplier.level}`);
				if ((supplier.level === 'district' || supplier.level === 'provincial') && supplier.provinceCode !== at.provinceCode)
					problems.push(`${at.id} supplied from another province`);
				at = supplier;
			}
		}
		expect(problems).toEqual([]);
		expect(byId.get(NATIONAL_STORE_ID)!.supplierId).toBe('');
	});

	it('every coordinate is inside its province', () => {
		const outside = [
			...ref.facilities.filter((f) => !pointInShape(f.lon, f.lat, polygons.get(f.provinceCode)!)).map((f) => `${f.id} ${f.lon},${f.lat}`),
			...ref.districts.filter((d) => !pointInShape(d.lon, d.lat, polygons.get(d.provinceCode)!)).map((d) => `district ${d.code}`)
		];
		expect(outside).toEqual([]);
		expect(ref.facilities.every((f) => PROVINCE_BY_CODE.has(f.provinceCode))).toBe(true);
	});

	it('sites lie near their district centre', () => {
		const byCode = new Map(ref.districts.map((d) => [d.code, d]));
		const far = sites.filter((s) => {
			const d = byCode.get(s.districtCode)!;
			return Math.hypot(s.lon - d.lon, s.lat - d.lat) > 0.5;
		});
		expect(far.length / sites.length).toBeLessThan(0.01);
	});
});

describe('determinism', () => {
	it('the same seed gives deep-equal data; another seed differs; codes stay stable', () => {
		expect(buildReference(1, polygons)).toEqual(ref);
		const other = buildReference(2, polygons);
		expect(other).not.toEqual(ref);
		expect(other.districts.map((d) => d.population)).not.toEqual(ref.districts.map((d) => d.population));
		expect(other.districts.map((d) => d.code)).toEqual(ref.districts.map((d) => d.code)); // district counts follow population only
	});

	it('without polygons only the coordinates differ', () => {
		const bare = buildReference(1);
		const strip = <T extends { lon: number; lat: number }>(items: T[]) => items.map(({ lon: _lon, lat: _lat, ...rest }) => rest);
		expect(bare.communes).toEqual(ref.communes);
		expect(strip(bare.districts)).toEqual(strip(ref.districts));
		expect(strip(bare.facilities)).toEqual(strip(ref.facilities));
	});
});

describe('priority groups', () => {
	it('the 16 groups of Resolution 21/NQ-CP, numbered 1..16, in Vietnamese and English', () => {
		expect(PRIORITY_GROUPS.map((g) => g.number)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
		for (const g of PRIORITY_GROUPS) {
			expect(g.nameVi.length).toBeGreaterThan(5);
			expect(g.nameEn.length).toBeGreaterThan(5);
		}
		expect(PRIORITY_GROUPS[0].nameEn).toMatch(/health/i);
		expect(PRIORITY_GROUPS[2].nameVi).toBe('Lực lượng Quân đội');
		expect(PRIORITY_GROUPS[15].nameVi).toMatch(/Bộ Y tế/);
	});
});

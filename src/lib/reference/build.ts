// Generated reference data for the 63 provinces of 2021: districts, communes, vaccination sites and the stores of
// the cold chain. Plausible, not real: the totals are those of Viet Nam in 2021 (705 districts, ~10,600 communes,
// ~19,500 sites) and the populations add up exactly to the 2019 census population of each province, but every
// name below province level is generated ("Huyện Hà Giang 3", "Phường 7", "Xã Tân Phú"). A deployment replaces them
// with its official lists (`npm run import:reference`).
//
// Pure and deterministic: the same (seed, polygons) give deep-equal data; no I/O (the polygons are passed in, see
// ./geo-load.ts). Coordinates use their own random streams, so codes, names, populations and facility attributes
// do not depend on whether polygons were given — only the coordinates do.
import type { Commune, District, Facility, PriorityGroup, ReferenceData } from './types.ts';
import { PROVINCES, type Province } from './provinces.ts';
import { areaDeg2, pointInShape, type ProvincePolygons, type ProvinceShape } from './geo.ts';

/**
 * Share of the population aged 18 and over: an ESTIMATE. No source gives the 2019 census 18+ count; the census
 * gives 15+ = 75.7 %, minus the three one-year cohorts aged 15–17 (≈ 4.5 %) ≈ 71 %. Label it an estimate on screen.
 */
export const ADULT_SHARE_ESTIMATE = 0.71;

/** The 16 priority groups of Resolution 21/NQ-CP (26 Feb 2021) as amended in 2021, in order. Short names. */
export const PRIORITY_GROUPS: PriorityGroup[] = [
	{ number: 1, nameVi: 'Người làm việc trong các cơ sở y tế, ngành y tế', nameEn: 'Health-care workers (public and private)' },
	{
		number: 2,
		nameVi: 'Người tham gia phòng, chống dịch (ban chỉ đạo, khu cách ly, truy vết, tổ COVID cộng đồng, tình nguyện viên, phóng viên)',
		nameEn: 'People on COVID-19 prevention duty (steering committees, quarantine sites, contact tracing, community COVID teams, volunteers, reporters)'
	},
	{ number: 3, nameVi: 'Lực lượng Quân đội', nameEn: 'Armed forces' },
	{ number: 4, nameVi: 'Lực lượng Công an', nameEn: 'Police' },
	{ number: 5, nameVi: 'Cán bộ ngoại giao của Việt Nam và thân nhân được cử đi nước ngoài', nameEn: 'Vietnamese diplomats posted abroad and their families' },
	{ number: 6, nameVi: 'Hải quan, cán bộ làm công tác xuất nhập cảnh', nameEn: 'Customs and immigration officers' },
	{ number: 7, nameVi: 'Người cung cấp dịch vụ thiết yếu (hàng không, vận tải, du lịch, điện, nước…)', nameEn: 'Essential service workers (aviation, transport, tourism, power, water…)' },
	{ number: 8, nameVi: 'Giáo viên, người làm việc, học sinh, sinh viên tại cơ sở giáo dục; người làm việc tại cơ quan hành chính thường xuyên tiếp xúc với nhiều người', nameEn: 'Teachers, school staff and students; public-facing administrative staff' },
	{ number: 9, nameVi: 'Người mắc bệnh mạn tính; người trên 65 tuổi', nameEn: 'People with chronic diseases; people over 65' },
	{ number: 10, nameVi: 'Người sinh sống tại các vùng có dịch', nameEn: 'Residents of outbreak areas' },
	{ number: 11, nameVi: 'Người nghèo, các đối tượng chính sách xã hội', nameEn: 'The poor and social-policy beneficiaries' },
	{ number: 12, nameVi: 'Người được cử đi công tác, học tập, lao động ở nước ngoài; chuyên gia nước ngoài làm việc tại Việt Nam', nameEn: 'People sent abroad to work or study; foreign experts working in Viet Nam' },
	{ number: 13, nameVi: 'Người lao động và thân nhân tại doanh nghiệp, khu công nghiệp, cơ sở dịch vụ thiết yếu, chợ, công trình', nameEn: 'Workers and their families at enterprises, industrial zones, essential businesses, markets and building sites' },
	{ number: 14, nameVi: 'Chức sắc, chức việc các tôn giáo', nameEn: 'Religious dignitaries and officials' },
	{ number: 15, nameVi: 'Người lao động tự do', nameEn: 'Self-employed and informal workers' },
	{ number: 16, nameVi: 'Các đối tượng khác theo quyết định của Bộ trưởng Bộ Y tế hoặc Chủ tịch UBND tỉnh, thành phố', nameEn: 'Other groups decided by the Minister of Health or a provincial People’s Committee chair' }
];

/** Totals of Viet Nam in 2021 that the generator reproduces. */
export const GENERATED_TOTALS = { districts: 705, communes: 10_600, sites: 19_500 } as const;
/** District and commune counts of the two largest cities, as in 2021 (the others are derived from population). */
const FIXED_DISTRICTS: Record<string, number> = { '01': 30, '79': 22 };
const FIXED_COMMUNES: Record<string, number> = { '01': 579, '79': 312 };
/** Urban districts (quận, incl. Thủ Đức city in 79) of the five municipalities in 2021. */
const URBAN_DISTRICTS: Record<string, number> = { '01': 12, '79': 17, '31': 7, '48': 6, '92': 5 };
const MIN_DISTRICTS = 5;
const MIN_COMMUNES_PER_DISTRICT = 4;
const MIN_SITES_PER_DISTRICT = 3;

export type RegionStore = 'N' | 'C' | 'H' | 'S';
/** The regional institute that supplies a province, by its GSO region. */
export function regionStoreOf(region: string): RegionStore {
	switch (region) {
		case 'north_midlands':
		case 'red_river_delta':
			return 'N';
		case 'north_central_coast':
			return 'C';
		case 'central_highlands':
			return 'H';
		case 'southeast':
		case 'mekong_delta':
			return 'S';
		default:
			throw new Error(`unknown region ${region}`);
	}
}

export const NATIONAL_STORE_ID = 'W-NAT';
export const regionalStoreId = (r: RegionStore) => `W-REG-${r}`;
export const provincialStoreId = (provinceCode: string) => `W-${provinceCode}`;
export const districtStoreId = (provinceCode: string, districtCode: string) => `W-${provinceCode}-${districtCode}`;
export const siteId = (provinceCode: string, n: number) => `S-${provinceCode}-${String(n).padStart(5, '0')}`;

/** 18+ population of a province: round(population × ADULT_SHARE_ESTIMATE). Districts add up to it exactly. */
export const adultsOf = (population: number) => Math.round(population * ADULT_SHARE_ESTIMATE);

// --- randomness -------------------------------------------------------------------------------------------------

export type Rng = () => number;

function hash32(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** mulberry32 on a stream named by (seed, labels): independent, reproducible streams. */
export function rngOf(seed: number, ...labels: string[]): Rng {
	let a = hash32(`${seed}\u0000${labels.join('\u0000')}`);
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const int = (rnd: Rng, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
function normal(rnd: Rng): number {
	const u = 1 - rnd();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}
/** A multiplicative weight around 1: lognormal, clamped so no unit is absurdly small or large. */
const spread = (rnd: Rng, sigma: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.exp(sigma * normal(rnd))));
function pick<T>(rnd: Rng, items: readonly T[]): T {
	return items[Math.floor(rnd() * items.length)];
}
function pickWeighted<T>(rnd: Rng, items: readonly (readonly [T, number])[]): T {
	let total = 0;
	for (const [, w] of items) total += w;
	let x = rnd() * total;
	for (const [item, w] of items) if ((x -= w) < 0) return item;
	return items[items.length - 1][0];
}

/**
 * Splits `total` into integers proportional to `weights` (largest remainder), each at least `min`; the parts add
 * up to `total` exactly.
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
	const n = weights.length;
	if (!Number.isInteger(total) || total < min * n) throw new Error(`cannot split ${total} into ${n} parts of at least ${min}`);
	const atMin = new Array<boolean>(n).fill(false);
	let quotas: number[] = [];
	for (;;) {
		let free = total,
			weight = 0;
		for (let i = 0; i < n; i++) {
			if (atMin[i]) free -= min;
			else weight += weights[i];
		}
		quotas = weights.map((w, i) => (atMin[i] ? min : weight > 0 ? (free * w) / weight : free / n));
		let changed = false;
		for (let i = 0; i < n; i++)
			if (!atMin[i] && quotas[i] < min) {
				atMin[i] = true;
				changed = true;
			}
		if (!changed) break;
	}
	const parts = quotas.map(Math.floor);
	let left = total - parts.reduce((a, b) => a + b, 0);
	const order = quotas.map((q, i) => [q - Math.floor(q), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
	for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k][1]]++;
	return parts;
}

// --- names --------------------------------------------------------------------------------------------------------

/** ASCII form of a Vietnamese name: "Hà Giang" → "Ha Giang". */
export function asciiName(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D');
}

const SYLLABLES = [
	'An', 'Bình', 'Hòa', 'Phú', 'Tân', 'Thạnh', 'Long', 'Hưng', 'Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Thịnh', 'Phúc', 'Lộc',
	'Thọ', 'Minh', 'Quang', 'Thanh', 'Hải', 'Sơn', 'Thủy', 'Lợi', 'Mỹ', 'Hiệp', 'Định', 'Đức', 'Thái', 'Vĩnh', 'Xuân', 'Thuận',
	'Yên', 'Kim', 'Ngọc', 'Hồng', 'Cẩm', 'Quảng', 'Hợp', 'Nghĩa', 'Tiến', 'Phong', 'Đồng', 'Lạc', 'Hoa', 'Thắng', 'Lâm', 'Châu',
	'Khánh', 'Trường', 'Vân', 'Hà', 'Tường', 'Phước', 'Hội', 'Tịnh', 'Kỳ', 'Liên'
];

const FAMILY_NAMES: readonly (readonly [string, number])[] = [
	['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 3.5], ['Huỳnh', 2], ['Phan', 4.5], ['Vũ', 2.5], ['Võ', 2],
	['Đặng', 2], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5], ['Đinh', 0.8], ['Trịnh', 0.6],
	['Lương', 0.5], ['Mai', 0.5], ['Đào', 0.5], ['Tạ', 0.3], ['Lò', 0.2], ['Hà', 0.4]
];
const MALE_MIDDLE = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thanh', 'Xuân', 'Công', 'Ngọc'];
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim', 'Hồng'];
const MALE_GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Huy', 'Khoa', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Tuấn', 'Việt', 'Vinh', 'Hiếu', 'Trung', 'Đạt', 'Khánh', 'Thành', 'Lâm'];
const FEMALE_GIVEN = ['Anh', 'Chi', 'Dung', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Ngọc', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Vân', 'Yến', 'Huyền', 'Thủy', 'Hằng', 'Loan'];

/** A plausible generated name of a person in charge, e.g. "BS. Nguyễn Văn An". */
function personName(rnd: Rng, titles: readonly (readonly [string, number])[]): string {
	const female = rnd() < 0.55; // most health staff are women
	const family = pickWeighted(rnd, FAMILY_NAMES);
	const middle = pick(rnd, female ? FEMALE_MIDDLE : MALE_MIDDLE);
	const given = pick(rnd, female ? FEMALE_GIVEN : MALE_GIVEN);
	return `${pickWeighted(rnd, titles)} ${family} ${middle} ${given}`;
}
const SITE_TITLES = [['BS.', 55], ['BSCKI.', 10], ['ThS.BS.', 5], ['YS.', 25], ['ĐD.', 5]] as const;
const RURAL_SITE_TITLES = [['BS.', 40], ['BSCKI.', 5], ['YS.', 45], ['ĐD.', 10]] as const;
const STORE_TITLES = [['DS.', 50], ['BS.', 30], ['ThS.', 10], ['CN.', 10]] as const;

// --- districts and communes --------------------------------------------------------------------------------------

type DistrictKind = 'urban' | 'city' | 'town' | 'rural';
interface DistrictPlan {
	district: District;
	kind: DistrictKind;
	communes: Commune[];
}

const MUNICIPALITIES = new Set(['01', '31', '48', '79', '92']);
const shortVi = (p: Province) => p.nameVi.replace(/^TP /, '');
const shortEn = (p: Province) => p.nameEn.replace(/ City$/, '');

/** Districts per province: 30 for Hà Nội and 22 for TP HCM (as in 2021); the others by √population, at least 5. */
export function districtCounts(): Map<string, number> {
	const others = PROVINCES.filter((p) => !(p.code in FIXED_DISTRICTS));
	const fixed = Object.values(FIXED_DISTRICTS).reduce((a, b) => a + b, 0);
	const counts = apportion(GENERATED_TOTALS.districts - fixed, others.map((p) => Math.sqrt(p.population2019)), MIN_DISTRICTS);
	return new Map(PROVINCES.map((p) => [p.code, FIXED_DISTRICTS[p.code] ?? counts[others.indexOf(p)]]));
}

/** Communes per province: 579 in Hà Nội, 312 in TP HCM (as in 2021); the others by population^0.7. */
export function communeCounts(): Map<string, number> {
	const others = PROVINCES.filter((p) => !(p.code in FIXED_COMMUNES));
	const fixed = Object.values(FIXED_COMMUNES).reduce((a, b) => a + b, 0);
	const counts = apportion(GENERATED_TOTALS.communes - fixed, others.map((p) => p.population2019 ** 0.7));
	return new Map(PROVINCES.map((p) => [p.code, FIXED_COMMUNES[p.code] ?? counts[others.indexOf(p)]]));
}

function districtKinds(p: Province, n: number): DistrictKind[] {
	if (MUNICIPALITIES.has(p.code)) {
		const urban = URBAN_DISTRICTS[p.code];
		// Hà Nội has a town (Sơn Tây); the others none.
		return Array.from({ length: n }, (_, i) => (i < urban ? 'urban' : p.code === '01' && i === urban ? 'town' : 'rural'));
	}
	const towns = n >= 15 ? 2 : n >= 9 ? 1 : 0;
	return Array.from({ length: n }, (_, i) => (i === 0 ? 'city' : i <= towns ? 'town' : 'rural'));
}

function districtNames(p: Province, kind: DistrictKind, ordinal: number, urbanOrdinal: number): { vi: string; en: string } {
	switch (kind) {
		case 'urban':
			return { vi: `Quận ${urbanOrdinal}`, en: `District ${urbanOrdinal}` };
		case 'city':
			return { vi: `Thành phố ${shortVi(p)}`, en: `${shortEn(p)} City` };
		case 'town':
			return { vi: `Thị xã ${shortVi(p)} ${ordinal}`, en: `${shortEn(p)} Town ${ordinal}` };
		case 'rural':
			return { vi: `Huyện ${shortVi(p)} ${ordinal}`, en: `${shortEn(p)} District ${ordinal}` };
	}
}

function communeNames(rnd: Rng, kind: DistrictKind, n: number): { vi: string; en: string }[] {
	const names: { vi: string; en: string }[] = [];
	const used = new Set<string>();
	const syllablePair = () => {
		for (;;) {
			const a = pick(rnd, SYLLABLES),
				b = pick(rnd, SYLLABLES);
			const name = `${a} ${b}`;
			if (a !== b && !used.has(name)) {
				used.add(name);
				return name;
			}
		}
	};
	// Wards (phường) are numbered, as in TP HCM; communes (xã) and townships (thị trấn) get two-syllable names.
	const wards = kind === 'urban' ? n : kind === 'city' ? Math.ceil(n * 0.7) : kind === 'town' ? Math.ceil(n * 0.5) : 0;
	for (let i = 0; i < n; i++) {
		if (i < wards) names.push({ vi: `Phường ${i + 1}`, en: `Ward ${i + 1}` });
		else if (kind === 'rural' && i === 0) {
			const name = syllablePair();
			names.push({ vi: `Thị trấn ${name}`, en: `${asciiName(name)} Township` });
		} else {
			const name = syllablePair();
			names.push({ vi: `Xã ${name}`, en: `${asciiName(name)} Commune` });
		}
	}
	return names;
}

function planAdmin(seed: number): Map<string, DistrictPlan[]> {
	const dCounts = districtCounts();
	const cCounts = communeCounts();
	const plans = new Map<string, DistrictPlan[]>();
	let districtSeq = 0;
	let communeSeq = 0;
	for (const p of PROVINCES) {
		const rnd = rngOf(seed, 'admin', p.code);
		const n = dCounts.get(p.code)!;
		const kinds = districtKinds(p, n);
		// Uneven populations; the provincial city / inner districts a little larger.
		const weights = kinds.map((k) => spread(rnd, 0.45, 0.35, 2.8) * (k === 'city' ? 1.4 : k === 'town' ? 0.8 : 1));
		const pops = apportion(p.population2019, weights);
		const adults = apportion(adultsOf(p.population2019), pops);
		const communesPerDistrict = apportion(cCounts.get(p.code)!, pops.map((x) => x ** 0.8), MIN_COMMUNES_PER_DISTRICT);
		let urbanOrdinal = 0;
		const districts: DistrictPlan[] = kinds.map((kind, i) => {
			if (kind === 'urban') urbanOrdinal++;
			const names = districtNames(p, kind, i + 1, urbanOrdinal);
			const code = String(++districtSeq).padStart(3, '0');
			const district: District = {
				code,
				provinceCode: p.code,
				nameVi: names.vi,
				nameEn: names.en,
				population: pops[i],
				population18: adults[i],
				lon: p.capital[0],
				lat: p.capital[1]
			};
			const m = communesPerDistrict[i];
			const cPops = apportion(pops[i], Array.from({ length: m }, () => spread(rnd, 0.5, 0.3, 3)));
			const cAdults = apportion(adults[i], cPops);
			const communes = communeNames(rnd, kind, m).map((name, k) => ({
				// GSO-style 5-digit codes, in steps of 3 like the official list.
				code: String(1 + 3 * communeSeq++).padStart(5, '0'),
				districtCode: code,
				provinceCode: p.code,
				nameVi: name.vi,
				nameEn: name.en,
				population: cPops[k],
				population18: cAdults[k]
			}));
			return { district, kind, communes };
		});
		plans.set(p.code, districts);
	}
	return plans;
}

// --- geography ------------------------------------------------------------------------------------------------------

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

interface Placer {
	/** A point inside the province: the capital if it is inside, else the first sampled point. */
	centre(): [number, number];
	/**
	 * One point per district, well spread (Mitchell's best candidate), the first at centre(); `inner` ones (urban
	 * districts of a city) are drawn near the centre.
	 */
	spreadPoints(inner: boolean[]): [number, number][];
	/** A point inside the province near (lon, lat), Gaussian with sigma degrees; else (lon, lat) if inside, else centre(). */
	near(lon: number, lat: number, sigma: number): [number, number];
	/** Typical spacing between districts, degrees. */
	districtSpacing(n: number): number;
}

function placer(p: Province, shape: ProvinceShape | undefined, rnd: Rng): Placer {
	const inside = (lon: number, lat: number) => (shape ? pointInShape(lon, lat, shape) : true);
	const randomInside = (): [number, number] => {
		if (!shape) return [round5(p.capital[0] + 0.25 * normal(rnd)), round5(p.capital[1] + 0.25 * normal(rnd))];
		const b = shape.bbox;
		for (;;) {
			const lon = round5(b.minLon + rnd() * (b.maxLon - b.minLon));
			const lat = round5(b.minLat + rnd() * (b.maxLat - b.minLat));
			if (pointInShape(lon, lat, shape)) return [lon, lat];
		}
	};
	let centre: [number, number] | null = null;
	const getCentre = (): [number, number] => {
		if (centre) return centre;
		const [lon, lat] = [round5(p.capital[0]), round5(p.capital[1])];
		if (inside(lon, lat)) return (centre = [lon, lat]);
		// Capital just outside a generalised border (Hạ Long, Cần Thơ): the nearest of some points inside.
		let best: [number, number] = randomInside();
		for (let k = 0; k < 200; k++) {
			const c = randomInside();
			if ((c[0] - lon) ** 2 + (c[1] - lat) ** 2 < (best[0] - lon) ** 2 + (best[1] - lat) ** 2) best = c;
		}
		return (centre = best);
	};
	const area = shape ? areaDeg2(shape.polygons) : 0.25;
	return {
		centre: getCentre,
		spreadPoints(inner) {
			const [cx, cy] = getCentre();
			const points: [number, number][] = [[cx, cy]];
			while (points.length < inner.length) {
				const isInner = inner[points.length];
				let best: [number, number] | null = null;
				let bestD = -1;
				for (let k = 0; k < 10; k++) {
					const c = isInner ? this.near(cx, cy, 0.05) : randomInside();
					let d = Infinity;
					for (const q of points) d = Math.min(d, (c[0] - q[0]) ** 2 + (c[1] - q[1]) ** 2);
					if (d > bestD) [best, bestD] = [c, d];
				}
				points.push(best!);
			}
			return points;
		},
		near(lon, lat, sigma) {
			for (let k = 0; k < 40; k++) {
				const c: [number, number] = [round5(lon + sigma * normal(rnd)), round5(lat + sigma * normal(rnd))];
				if (inside(c[0], c[1])) return c;
			}
			return inside(lon, lat) ? [lon, lat] : getCentre();
		},
		districtSpacing: (n) => Math.sqrt(area / n)
	};
}

// --- facilities ------------------------------------------------------------------------------------------------------

const RURAL_TABLES = [[1, 10], [2, 32], [3, 30], [4, 16], [5, 6], [6, 3], [7, 1.5], [8, 0.8], [9, 0.4], [10, 0.3]] as const;
const URBAN_TABLES = [[1, 3], [2, 20], [3, 30], [4, 22], [5, 10], [6, 6], [7, 4], [8, 2.5], [9, 1.5], [10, 1]] as const;
const BIG_CITY_TABLES = [[1, 1], [2, 10], [3, 22], [4, 24], [5, 15], [6, 10], [7, 7], [8, 5], [9, 3], [10, 3]] as const;
const BIG_CITIES = new Set(['01', '79']);

/** Probabilities of each readiness flag; rural sites are less equipped. Averages ≈ 90 / 95 / 80 / 70 %. */
const READINESS = {
	urban: { internet: 0.97, computer: 0.99, printer: 0.9, qrScanner: 0.82 },
	rural: { internet: 0.87, computer: 0.93, printer: 0.75, qrScanner: 0.64 }
};

function readiness(rnd: Rng, p: { internet: number; computer: number; printer: number; qrScanner: number }): Facility['readiness'] {
	return { internet: rnd() < p.internet, computer: rnd() < p.computer, printer: rnd() < p.printer, qrScanner: rnd() < p.qrScanner };
}

const STORE_READY = { internet: 0.98, computer: 1, printer: 0.95, qrScanner: 0.6 };

interface Institute {
	id: string;
	level: 'national' | 'regional';
	provinceCode: string;
	nameVi: string;
	nameEn: string;
	offset: [number, number];
}
const INSTITUTES: Institute[] = [
	{ id: NATIONAL_STORE_ID, level: 'national', provinceCode: '01', nameVi: 'Kho vắc xin quốc gia — Viện Vệ sinh Dịch tễ Trung ương', nameEn: 'National vaccine store — National Institute of Hygiene and Epidemiology (NIHE)', offset: [0.01, -0.005] },
	{ id: regionalStoreId('N'), level: 'regional', provinceCode: '01', nameVi: 'Kho vắc xin khu vực miền Bắc — Viện Vệ sinh Dịch tễ Trung ương', nameEn: 'Northern regional vaccine store — NIHE', offset: [0.012, -0.004] },
	{ id: regionalStoreId('C'), level: 'regional', provinceCode: '56', nameVi: 'Kho vắc xin khu vực miền Trung — Viện Pasteur Nha Trang', nameEn: 'Central regional vaccine store — Pasteur Institute Nha Trang', offset: [0.006, 0.004] },
	{ id: regionalStoreId('H'), level: 'regional', provinceCode: '66', nameVi: 'Kho vắc xin khu vực Tây Nguyên — Viện Vệ sinh Dịch tễ Tây Nguyên', nameEn: 'Central Highlands regional vaccine store — Tay Nguyen Institute of Hygiene and Epidemiology', offset: [0.006, 0.004] },
	{ id: regionalStoreId('S'), level: 'regional', provinceCode: '79', nameVi: 'Kho vắc xin khu vực miền Nam — Viện Pasteur TP Hồ Chí Minh', nameEn: 'Southern regional vaccine store — Pasteur Institute Ho Chi Minh City', offset: [0.02, 0.0] }
];

/**
 * Generates the reference data: districts, communes, and facilities (sites, then stores: 1 national, 4 regional,
 * 63 provincial, one per district). With `polygons` (see ./geo-load.ts), every coordinate is inside its province;
 * without, coordinates are scattered around the provincial capital and may fall outside the border — only the
 * coordinates differ, the rest is identical.
 */
export function buildReference(seed = 1, polygons?: ProvincePolygons): ReferenceData {
	const plans = planAdmin(seed);
	const allDistricts = [...plans.values()].flat();
	const sitesPerDistrict = apportion(
		GENERATED_TOTALS.sites,
		allDistricts.map((d) => d.district.population),
		MIN_SITES_PER_DISTRICT
	);

	const districts: District[] = [];
	const communes: Commune[] = [];
	const stores: Facility[] = [];
	const sites: Facility[] = [];
	const placers = new Map<string, Placer>();
	let planIndex = 0;

	for (const p of PROVINCES) {
		const plan = plans.get(p.code)!;
		const geo = placer(p, polygons?.get(p.code), rngOf(seed, 'geo', p.code));
		placers.set(p.code, geo);
		const rnd = rngOf(seed, 'facility', p.code);
		const centres = geo.spreadPoints(plan.map((d) => d.kind === 'urban'));
		const spacing = geo.districtSpacing(plan.length) * 0.35;
		const region = regionStoreOf(p.region);
		const bigCity = BIG_CITIES.has(p.code);

		stores.push({
			id: provincialStoreId(p.code),
			kind: 'store',
			level: 'provincial',
			provinceCode: p.code,
			districtCode: plan[0].district.code,
			communeCode: plan[0].communes[0].code,
			nameVi: `Kho vắc xin CDC ${p.nameVi}`,
			nameEn: `${p.nameEn} CDC vaccine store`,
			lon: centres[0][0],
			lat: centres[0][1],
			tables: 0,
			personInCharge: personName(rnd, STORE_TITLES),
			staff: int(rnd, 8, 20),
			emergencyTeam: 0,
			readiness: readiness(rnd, { ...STORE_READY, qrScanner: 0.9 }),
			supplierId: regionalStoreId(region)
		});

		let siteSeq = 0;
		plan.forEach(({ district, kind, communes: cs }, i) => {
			district.lon = centres[i][0];
			district.lat = centres[i][1];
			districts.push(district);
			communes.push(...cs);
			const urban = kind !== 'rural';
			const storeId = districtStoreId(p.code, district.code);
			stores.push({
				id: storeId,
				kind: 'store',
				level: 'district',
				provinceCode: p.code,
				districtCode: district.code,
				communeCode: cs[0].code,
				nameVi: `Kho vắc xin Trung tâm Y tế ${district.nameVi}`,
				nameEn: `${district.nameEn} Health Centre vaccine store`,
				lon: district.lon,
				lat: district.lat,
				tables: 0,
				personInCharge: personName(rnd, STORE_TITLES),
				staff: int(rnd, 3, 8),
				emergencyTeam: 0,
				readiness: readiness(rnd, STORE_READY),
				supplierId: provincialStoreId(p.code)
			});

			// Every commune gets its health station first when there are enough sites; the rest follow population.
			const nSites = sitesPerDistrict[planIndex++];
			const perCommune = apportion(nSites, cs.map((c) => c.population), nSites >= cs.length ? 1 : 0);
			cs.forEach((commune, k) => {
				for (let j = 0; j < perCommune[k]; j++) {
					const tables = pickWeighted(rnd, bigCity && urban ? BIG_CITY_TABLES : urban ? URBAN_TABLES : RURAL_TABLES);
					const staff = Math.min(40, Math.max(5, Math.round(tables * 3.5 + 2 + 2.5 * normal(rnd))));
					const [lon, lat] = geo.near(district.lon, district.lat, urban ? Math.min(spacing, 0.02) : spacing);
					sites.push({
						id: siteId(p.code, ++siteSeq),
						kind: 'site',
						level: 'site',
						provinceCode: p.code,
						districtCode: district.code,
						communeCode: commune.code,
						nameVi: j === 0 ? `Trạm Y tế ${commune.nameVi}` : `Điểm tiêm số ${j + 1} ${commune.nameVi}`,
						nameEn: j === 0 ? `${commune.nameEn} Health Station` : `${commune.nameEn} vaccination point ${j + 1}`,
						lon,
						lat,
						tables,
						personInCharge: personName(rnd, urban ? SITE_TITLES : RURAL_SITE_TITLES),
						staff,
						emergencyTeam: Math.min(6, 2 + Math.floor(tables / 3) + int(rnd, 0, 1)),
						readiness: readiness(rnd, urban ? READINESS.urban : READINESS.rural),
						supplierId: storeId
					});
				}
			});
		});
	}

	const top: Facility[] = INSTITUTES.map((inst) => {
		const rnd = rngOf(seed, 'institute', inst.id);
		const geo = placers.get(inst.provinceCode)!;
		const [lon, lat] = geo.centre();
		const [x, y] = geo.near(round5(lon + inst.offset[0]), round5(lat + inst.offset[1]), 0.001);
		return {
			id: inst.id,
			kind: 'store',
			level: inst.level,
			provinceCode: inst.provinceCode,
			districtCode: '',
			communeCode: '',
			nameVi: inst.nameVi,
			nameEn: inst.nameEn,
			lon: x,
			lat: y,
			tables: 0,
			personInCharge: personName(rnd, STORE_TITLES),
			staff: inst.level === 'national' ? 40 : int(rnd, 15, 30),
			emergencyTeam: 0,
			readiness: { internet: true, computer: true, printer: true, qrScanner: true },
			supplierId: inst.level === 'national' ? '' : NATIONAL_STORE_ID
		} satisfies Facility;
	});

	return { districts, communes, facilities: [...top, ...stores, ...sites] };
}

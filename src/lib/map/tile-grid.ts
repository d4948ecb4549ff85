// The tile-grid map of the 63 provinces (2021): one equal square cell per province, in roughly geographic position,
// so that small provinces with large populations (Hà Nội, TP HCM, the Red River delta) stay as visible as the big
// mountain ones. North is up; the layout keeps Viet Nam's S shape (7 columns × 17 rows) and puts neighbours side by
// side where a grid allows it. Pure data: the Svelte component draws it.
import { PROVINCE_BY_CODE } from '../reference/provinces.ts';
import type { Archipelago } from '../reference/archipelagos.ts';

export interface TileCell {
	/** GSO province code (2021). */
	code: string;
	col: number;
	row: number;
}

// One string per row, west to east; each slot is a GSO code or '..' (no province there).
const LAYOUT = [
	'.. 12 10 02 04 .. ..', // Lai Châu, Lào Cai, Hà Giang, Cao Bằng
	'11 14 15 08 06 20 ..', // Điện Biên, Sơn La, Yên Bái, Tuyên Quang, Bắc Kạn, Lạng Sơn
	'.. .. 25 26 19 24 22', // Phú Thọ, Vĩnh Phúc, Thái Nguyên, Bắc Giang, Quảng Ninh
	'.. .. 17 01 27 30 31', // Hòa Bình, Hà Nội, Bắc Ninh, Hải Dương, Hải Phòng
	'.. .. 38 35 33 34 ..', // Thanh Hóa, Hà Nam, Hưng Yên, Thái Bình
	'.. .. 40 37 36 .. ..', // Nghệ An, Ninh Bình, Nam Định
	'.. .. 42 44 45 .. ..', // Hà Tĩnh, Quảng Bình, Quảng Trị
	'.. .. .. .. 46 48 ..', // Thừa Thiên Huế, Đà Nẵng
	'.. .. .. 62 49 51 ..', // Kon Tum, Quảng Nam, Quảng Ngãi
	'.. .. .. .. 64 52 ..', // Gia Lai, Bình Định
	'.. .. .. 67 66 54 ..', // Đắk Nông, Đắk Lắk, Phú Yên
	'.. .. .. 70 68 56 ..', // Bình Phước, Lâm Đồng, Khánh Hòa
	'.. .. 72 74 75 58 ..', // Tây Ninh, Bình Dương, Đồng Nai, Ninh Thuận
	'89 87 80 79 77 60 ..', // An Giang, Đồng Tháp, Long An, TP HCM, Bà Rịa - Vũng Tàu, Bình Thuận
	'91 92 86 82 .. .. ..', // Kiên Giang, Cần Thơ, Vĩnh Long, Tiền Giang
	'.. 93 84 83 .. .. ..', // Hậu Giang, Trà Vinh, Bến Tre
	'96 95 94 .. .. .. ..' // Cà Mau, Bạc Liêu, Sóc Trăng
];

export const TILE_GRID: readonly TileCell[] = LAYOUT.flatMap((line, row) =>
	line.split(' ').flatMap((slot, col) => (slot === '..' ? [] : [{ code: slot, col, row }]))
);
export const TILE_GRID_COLUMNS = Math.max(...LAYOUT.map((line) => line.split(' ').length));
export const TILE_GRID_ROWS = LAYOUT.length;

/**
 * Where the tile grid marks Hoàng Sa and Trường Sa: in the sea east of their provinces (Đà Nẵng, Khánh Hòa), as on
 * Vietnamese maps. Fractional cell coordinates of the marker's centre, and its label on two lines; they are not
 * provinces and carry no value.
 */
export const TILE_GRID_ARCHIPELAGOS: readonly { key: Archipelago['key']; col: number; row: number; label: Record<'vi' | 'en', [string, string]> }[] = [
	{ key: 'hoang_sa', col: 6, row: 6.8, label: { vi: ['Quần đảo', 'Hoàng Sa'], en: ['Hoang Sa', '(Paracel)'] } },
	{ key: 'truong_sa', col: 6, row: 10.8, label: { vi: ['Quần đảo', 'Trường Sa'], en: ['Truong Sa', '(Spratly)'] } }
];

/** Hà Nội and TP HCM: marked in the grid so the two metropolises are found at a glance. */
export const METROPOLISES: ReadonlySet<string> = new Set(['01', '79']);

const SHORT_NAMES: Record<string, { vi: string; en: string }> = {
	'46': { vi: 'Huế', en: 'Hue' },
	'77': { vi: 'BR-VT', en: 'BR-VT' },
	'79': { vi: 'TP HCM', en: 'HCMC' }
};

/** The name a tile has room for: the province's name, shortened for the three that do not fit. */
export function provinceShortName(code: string, lang: 'vi' | 'en'): string {
	const province = PROVINCE_BY_CODE.get(code);
	if (!province) throw new Error(`unknown province code ${code}`);
	return SHORT_NAMES[code]?.[lang] ?? (lang === 'vi' ? province.nameVi : province.nameEn);
}

/** A label on at most two lines: longer than `maxChars`, it breaks at the space nearest its middle. */
export function wrapLabel(text: string, maxChars: number): string[] {
	if (text.length <= maxChars || !text.includes(' ')) return [text];
	let best = -1;
	for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) {
		if (best === -1 || Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2)) best = i;
	}
	return [text.slice(0, best), text.slice(best + 1)];
}


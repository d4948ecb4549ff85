// The tile-grid map of the 63 provinces (2021): one equal cell per province, in roughly geographic position, so that
// small provinces with large populations (Hà Nội, TP HCM, the Red River delta) stay as visible as the big mountain
// ones. North is up; the layout keeps Viet Nam's S shape (7 columns × 17 rows) and puts neighbours side by side where
// a grid allows it. Cells are wider than tall (the country is tall: a wall screen is wide), so a name fits on one line
// above its value. Pure data: the Svelte component draws it.
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

/**
 * The cell in SVG user units, chosen so that at 1920 × 1080, with the map spanning the screen's height below its
 * header, a unit is about a pixel: names of 16 px and values of 27 px, readable from 3–5 m.
 */
export const TILE_GRID_CELL = { width: 128, height: 54, gap: 4, nameSize: 16, valueSize: 27 } as const;
export const TILE_GRID_WIDTH = TILE_GRID_COLUMNS * (TILE_GRID_CELL.width + TILE_GRID_CELL.gap) - TILE_GRID_CELL.gap;
export const TILE_GRID_HEIGHT = TILE_GRID_ROWS * (TILE_GRID_CELL.height + TILE_GRID_CELL.gap) - TILE_GRID_CELL.gap;

/** A rectangle of whole cells: columns col … col + cols − 1, rows row … row + rows − 1. */
export interface TileGridRegion {
	col: number;
	row: number;
	cols: number;
	rows: number;
}

/**
 * Empty areas of the grid, where the map draws its legend and a screen may put its own panels (the metric
 * selector, the province in focus): no province and no archipelago lies in them.
 */
export const TILE_GRID_REGIONS: Readonly<Record<'west' | 'southEast', TileGridRegion>> = {
	/** West of the north and centre (where Laos is): the legend, then the screen's key. */
	west: { col: 0, row: 2, cols: 2, rows: 11 },
	/** The sea south-east of the Mekong delta. */
	southEast: { col: 4, row: 14, cols: 3, rows: 3 }
};

/** A region's box in SVG user units. */
export function regionBox(region: TileGridRegion): { x: number; y: number; width: number; height: number } {
	const { width, height, gap } = TILE_GRID_CELL;
	return {
		x: region.col * (width + gap),
		y: region.row * (height + gap),
		width: region.cols * (width + gap) - gap,
		height: region.rows * (height + gap) - gap
	};
}

/**
 * A generous estimate of a text's width in bold sans-serif (DejaVu Sans, the widest common one, runs up to ~0.67 em a
 * letter in bold, digits ~0.7 em): to squeeze what would overflow a cell, never what fits.
 */
export function estimatedTextWidth(text: string, fontSize: number): number {
	return text.length * 0.68 * fontSize;
}

/** Hà Nội and TP HCM: marked in the grid so the two metropolises are found at a glance. */
export const METROPOLISES: ReadonlySet<string> = new Set(['01', '79']);

const SHORT_NAMES: Record<string, { vi: string; en: string }> = {
	'46': { vi: 'TT-Huế', en: 'TT-Hue' },
	'77': { vi: 'BR-VT', en: 'BR-VT' },
	'79': { vi: 'TP HCM', en: 'HCMC' }
};

/** The name a cell has room for on one line: the province's name, shortened for the three that do not fit. */
export function provinceShortName(code: string, lang: 'vi' | 'en'): string {
	const province = PROVINCE_BY_CODE.get(code);
	if (!province) throw new Error(`unknown province code ${code}`);
	return SHORT_NAMES[code]?.[lang] ?? (lang === 'vi' ? province.nameVi : province.nameEn);
}

/**
 * A text on as few lines as it needs, none longer than `maxChars` where the words allow it, the lines as even as
 * possible ("Đủ liều" / "(toàn dân)", not "Đủ liều (toàn" / "dân)"). A word longer than a line keeps a line of its own.
 */
export function wrapLines(text: string, maxChars: number): string[] {
	const words = text.split(' ').filter(Boolean);
	if (words.length === 0) return [];
	const line = (from: number, to: number) => words.slice(from, to).join(' ');
	// The most even split into n lines (smallest longest line), by brute force over break points: titles are short.
	const best = (from: number, n: number): string[] => {
		if (n === 1) return [line(from, words.length)];
		let winner: string[] | null = null;
		for (let to = from + 1; to <= words.length - n + 1; to++) {
			const split = [line(from, to), ...best(to, n - 1)];
			if (!winner || Math.max(...split.map((l) => l.length)) < Math.max(...winner.map((l) => l.length))) winner = split;
		}
		return winner!;
	};
	for (let n = 1; n < words.length; n++) {
		const split = best(0, n);
		if (split.every((l) => l.length <= maxChars)) return split;
	}
	return words;
}

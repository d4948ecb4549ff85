import { describe, expect, it } from 'vitest';
import {
	METROPOLISES,
	TILE_GRID,
	TILE_GRID_ARCHIPELAGOS,
	TILE_GRID_CELL,
	TILE_GRID_COLUMNS,
	TILE_GRID_HEIGHT,
	TILE_GRID_REGIONS,
	TILE_GRID_ROWS,
	TILE_GRID_WIDTH,
	estimatedTextWidth,
	provinceShortName,
	regionBox,
	wrapLines
} from './tile-grid.ts';
import { PROVINCES, PROVINCE_BY_CODE } from '../reference/provinces.ts';

const cellOf = (code: string) => TILE_GRID.find((cell) => cell.code === code)!;

describe('tile grid', () => {
	it('has every one of the 63 provinces, each exactly once', () => {
		expect(TILE_GRID).toHaveLength(63);
		expect(new Set(TILE_GRID.map((c) => c.code))).toEqual(new Set(PROVINCES.map((p) => p.code)));
	});

	it('never puts two provinces on one cell, and stays inside its 7 × 17 frame', () => {
		expect(new Set(TILE_GRID.map((c) => `${c.col},${c.row}`)).size).toBe(63);
		expect([TILE_GRID_COLUMNS, TILE_GRID_ROWS]).toEqual([7, 17]);
		for (const c of TILE_GRID) {
			expect(c.col).toBeGreaterThanOrEqual(0);
			expect(c.col).toBeLessThan(TILE_GRID_COLUMNS);
			expect(c.row).toBeGreaterThanOrEqual(0);
			expect(c.row).toBeLessThan(TILE_GRID_ROWS);
		}
	});

	// Thanh Hóa sits one row high (beside Hà Nam, under Hòa Bình), 0.6° south of Nam Định's capital: hence 0.75°.
	it('is geographic: north up (a capital over 0.75° further north is never on a lower row), west to east in a row', () => {
		for (const a of TILE_GRID)
			for (const b of TILE_GRID) {
				const [pa, pb] = [PROVINCE_BY_CODE.get(a.code)!, PROVINCE_BY_CODE.get(b.code)!];
				if (pa.capital[1] - pb.capital[1] > 0.75) expect(a.row, `${pa.nameVi} above ${pb.nameVi}`).toBeLessThanOrEqual(b.row);
				if (a.row === b.row && a.col < b.col) expect(pa.capital[0], `${pa.nameVi} west of ${pb.nameVi}`).toBeLessThan(pb.capital[0]);
			}
	});

	it('is one piece: every province touches another by an edge', () => {
		const at = new Set(TILE_GRID.map((c) => `${c.col},${c.row}`));
		for (const c of TILE_GRID) {
			const touching = [[1, 0], [-1, 0], [0, 1], [0, -1]].some(([dc, dr]) => at.has(`${c.col + dc},${c.row + dr}`));
			expect(touching, PROVINCE_BY_CODE.get(c.code)!.nameVi).toBe(true);
		}
	});

	it('surrounds Hà Nội and TP HCM with their neighbours', () => {
		const around = (code: string) =>
			TILE_GRID.filter((c) => c.code !== code && Math.abs(c.col - cellOf(code).col) <= 1 && Math.abs(c.row - cellOf(code).row) <= 1).map((c) => c.code);
		// Vĩnh Phúc, Hòa Bình, Bắc Ninh, Hà Nam, Phú Thọ, Thái Nguyên, Hưng Yên
		expect(around('01')).toEqual(expect.arrayContaining(['26', '17', '27', '35', '25', '19', '33']));
		// Bình Dương, Long An, Bà Rịa - Vũng Tàu, Tiền Giang, Tây Ninh, Đồng Nai
		expect(around('79')).toEqual(expect.arrayContaining(['74', '80', '77', '82', '72', '75']));
		expect([...METROPOLISES]).toEqual(['01', '79']);
	});

	it('marks Hoàng Sa and Trường Sa in the empty sea east of Đà Nẵng and Khánh Hòa', () => {
		for (const a of TILE_GRID_ARCHIPELAGOS) {
			const province = cellOf(a.key === 'hoang_sa' ? '48' : '56');
			expect(a.col).toBeGreaterThan(province.col);
			expect(Math.abs(a.row - province.row)).toBeLessThanOrEqual(1.5);
			expect(TILE_GRID.some((c) => Math.abs(c.col - a.col) < 1 && Math.abs(c.row - a.row) < 1)).toBe(false);
		}
	});

	it('leaves its free regions (legend, screen panels) empty: no province, no archipelago, inside the frame', () => {
		for (const [name, r] of Object.entries(TILE_GRID_REGIONS)) {
			expect(r.col + r.cols, name).toBeLessThanOrEqual(TILE_GRID_COLUMNS);
			expect(r.row + r.rows, name).toBeLessThanOrEqual(TILE_GRID_ROWS);
			const covers = (col: number, row: number) => col > r.col - 1 && col < r.col + r.cols && row > r.row - 1 && row < r.row + r.rows;
			expect(TILE_GRID.filter((c) => covers(c.col, c.row)).map((c) => c.code), name).toEqual([]);
			expect(TILE_GRID_ARCHIPELAGOS.filter((a) => covers(a.col, a.row)).map((a) => a.key), name).toEqual([]);
		}
		// Room enough: the legend and the metric selector in the west, the province in focus in the south-east.
		expect(regionBox(TILE_GRID_REGIONS.west).width).toBeGreaterThanOrEqual(250);
		expect(regionBox(TILE_GRID_REGIONS.west).height).toBeGreaterThan(600);
		expect(regionBox(TILE_GRID_REGIONS.southEast).width).toBeGreaterThan(380);
		expect(regionBox(TILE_GRID_REGIONS.southEast).height).toBeGreaterThan(160);
	});
});

describe('tile geometry', () => {
	it('is wider than tall, and as tall as a 1080p screen below its header (a unit is about a pixel)', () => {
		expect(TILE_GRID_CELL.width).toBeGreaterThan(2 * TILE_GRID_CELL.height);
		expect(TILE_GRID_HEIGHT).toBeGreaterThan(900);
		expect(TILE_GRID_HEIGHT).toBeLessThan(1000);
		expect(TILE_GRID_WIDTH / TILE_GRID_HEIGHT).toBeLessThan(1);
		expect(TILE_GRID_CELL.nameSize).toBeGreaterThanOrEqual(14);
		expect(TILE_GRID_CELL.valueSize).toBeGreaterThanOrEqual(20);
		// A name line and a value line fit in a cell.
		expect(TILE_GRID_CELL.nameSize * 1.2 + TILE_GRID_CELL.valueSize * 1.2).toBeLessThanOrEqual(TILE_GRID_CELL.height);
	});

	it('has room on one line for every name a cell shows, in both languages, and for a value like "1,2 Tr"', () => {
		const room = TILE_GRID_CELL.width - 8;
		for (const lang of ['vi', 'en'] as const)
			for (const cell of TILE_GRID) {
				const name = provinceShortName(cell.code, lang);
				expect(estimatedTextWidth(name, TILE_GRID_CELL.nameSize), name).toBeLessThanOrEqual(room);
			}
		for (const value of ['100%', '1,2 Tr', '12,3 N', '999k', '—']) expect(estimatedTextWidth(value, TILE_GRID_CELL.valueSize), value).toBeLessThanOrEqual(room);
	});
});

describe('tile labels', () => {
	it('shortens only the names that do not fit', () => {
		expect(provinceShortName('79', 'vi')).toBe('TP HCM');
		expect(provinceShortName('79', 'en')).toBe('HCMC');
		expect(provinceShortName('46', 'vi')).toBe('TT-Huế');
		expect(provinceShortName('46', 'en')).toBe('TT-Hue');
		expect(provinceShortName('77', 'vi')).toBe('BR-VT');
		expect(provinceShortName('01', 'vi')).toBe('Hà Nội');
		expect(provinceShortName('22', 'en')).toBe('Quang Ninh');
		expect(() => provinceShortName('99', 'vi')).toThrow(/unknown province/);
	});

	it('wraps a title on as few lines as fit, as even as possible', () => {
		expect(wrapLines('≥ 1 mũi (18+)', 15)).toEqual(['≥ 1 mũi (18+)']);
		expect(wrapLines('Đủ liều (toàn dân)', 15)).toEqual(['Đủ liều', '(toàn dân)']);
		expect(wrapLines('Tỷ lệ dân số 18+ đã tiêm ≥ 1 mũi (ước tính)', 15)).toEqual(['Tỷ lệ dân số', '18+ đã tiêm ≥ 1', 'mũi (ước tính)']);
		expect(wrapLines('Supercalifragilistic word', 8)).toEqual(['Supercalifragilistic', 'word']);
		expect(wrapLines('  ', 8)).toEqual([]);
	});
});

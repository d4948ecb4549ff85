import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
	it('flattens nested objects to dotted columns, in order of first appearance', () => {
		const csv = toCsv([
			{ province: '01', doses: 3, byVaccine: { AZ: 2, PFIZER: 1 } },
			{ province: '79', doses: 1, byVaccine: { MODERNA: 1 }, note: null }
		]);
		expect(csv).toBe('\ufeffprovince,doses,byVaccine.AZ,byVaccine.PFIZER,byVaccine.MODERNA,note\r\n01,3,2,1,,\r\n79,1,,,1,\r\n');
	});

	it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
		const csv = toCsv([{ name: 'Trạm Y tế "Phường 7", Q.3', note: 'a\nb', formula: '=HYPERLINK("x")', negative: -3 }]);
		expect(csv.split('\r\n')[1]).toBe(`"Trạm Y tế ""Phường 7"", Q.3","a\nb","'=HYPERLINK(""x"")",-3`);
	});

	it('writes arrays as JSON and an empty table as nothing but its BOM', () => {
		expect(toCsv([{ hours: [1, 2] }]).split('\r\n')[1]).toBe('"[1,2]"');
		expect(toCsv([])).toBe('\ufeff\r\n');
	});
});

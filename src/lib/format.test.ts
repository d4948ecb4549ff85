import { describe, expect, it } from 'vitest';
import { formatAge, formatDay, formatNumber, localDay } from './format.ts';

describe('format', () => {
	it('writes numbers the Vietnamese way by default and the English way on request', () => {
		expect(formatNumber(1234567, 'vi')).toBe('1.234.567');
		expect(formatNumber(1234567, 'en')).toBe('1,234,567');
	});
	it('writes campaign days as dd/mm/yyyy', () => {
		expect(formatDay('2021-09-02', 'vi')).toBe('02/09/2021');
		expect(formatDay('2021-09-02', 'en')).toBe('02/09/2021');
	});
	it('says how old a number is', () => {
		expect(formatAge(12_400, 'vi')).toBe('12 giây');
		expect(formatAge(180_000, 'en')).toBe('3 min');
		expect(formatAge(7_200_000, 'vi')).toBe('2 giờ');
	});

	it('puts an instant on its campaign day in Viet Nam', () => {
		expect(localDay(Date.parse('2021-09-01T16:59:59Z'))).toBe('2021-09-01');
		expect(localDay(Date.parse('2021-09-01T17:00:00Z'))).toBe('2021-09-02'); // midnight in Ha Noi
	});
});

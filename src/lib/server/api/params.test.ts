import { describe, expect, it } from 'vitest';
import { ParamError, parseAsOf, parseCount, parseFormat } from './params.ts';

describe('read API parameters', () => {
	const now = Date.parse('2021-09-01T10:00:00Z');
	it('takes asOf as ISO with a zone or epoch ms, now by default', () => {
		expect(parseAsOf(null, now)).toBe(now);
		expect(parseAsOf('2021-08-10T09:30:00+07:00', now)).toBe(Date.parse('2021-08-10T02:30:00Z'));
		expect(parseAsOf('1628562600000', now)).toBe(1628562600000);
	});
	it('refuses an asOf without a zone, unparsable or before 2021, naming the parameter', () => {
		for (const bad of ['2021-08-10T09:30:00', 'yesterday', '2020-12-31T23:59:59Z', '0']) {
			expect(() => parseAsOf(bad, now)).toThrow(ParamError);
		}
		expect(() => parseAsOf('soon', now)).toThrow(/^asOf must be an ISO 8601/);
	});
	it('bounds counts and formats', () => {
		expect(parseCount('days', null, 30, 1, 400)).toBe(30);
		expect(parseCount('days', '7', 30, 1, 400)).toBe(7);
		expect(() => parseCount('days', '0', 30, 1, 400)).toThrow('days must be from 1 to 400');
		expect(() => parseCount('days', '1e3', 30, 1, 400)).toThrow('days must be a whole number');
		expect(parseFormat('csv')).toBe('csv');
		expect(() => parseFormat('xml')).toThrow('format must be json or csv');
	});
});

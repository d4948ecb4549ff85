import { describe, expect, it } from 'vitest';
import { targetProgress } from './progress.ts';

const week = (atLeastOne: number, full: number) => Array.from({ length: 7 }, () => ({ atLeastOne, full }));

describe('targetProgress', () => {
	it('measures the adults target by first doses and the population target by full vaccination', () => {
		// 1,000 adults of 1,400 people; 300 have a first dose, 100 are fully vaccinated; 20 first doses and 10
		// completions a day over the last week; 1 Dec 2021.
		const [adults, population] = targetProgress({ total: { atLeastOne: 300, full: 100 }, last7Days: week(20, 10) }, { population: 1_400, population18: 1_000 }, '2021-12-01');
		// 500 adults needed: 200 remain over 31 days (7 a day, 6.45 rounded up); at 20 a day, reached on day 10 (10 Dec).
		expect(adults).toMatchObject({ target: 'adults-2021', measure: 'atLeastOne', people: 300, coverage: 0.3, remaining: 200, pace: 20, projected: '2021-12-10' });
		expect(adults.required).toEqual({ status: 'on-track', requiredPerDay: 7, daysLeft: 31 });
		// 980 of 1,400 needed: 880 remain over 121 days (1 Dec – 31 Mar) → 8 a day (7.27 up): at 10 a day, 88 days: 26 Feb.
		expect(population).toMatchObject({ target: 'population-q1-2022', measure: 'full', people: 100, remaining: 880, pace: 10, projected: '2022-02-26' });
		expect(population.coverage).toBeCloseTo(100 / 1_400, 12);
		expect(population.required).toEqual({ status: 'on-track', requiredPerDay: 8, daysLeft: 121 });
	});

	it('says behind, never, met and missed', () => {
		const slow = targetProgress({ total: { atLeastOne: 300, full: 0 }, last7Days: week(5, 0) }, { population: 1_400, population18: 1_000 }, '2021-12-01');
		expect(slow[0].required.status).toBe('behind');
		expect(slow[1].projected).toBeNull(); // nobody completes: never at this pace
		const done = targetProgress({ total: { atLeastOne: 600, full: 990 }, last7Days: week(0, 0) }, { population: 1_400, population18: 1_000 }, '2021-12-01');
		expect(done.map((t) => t.required.status)).toEqual(['met', 'met']);
		const late = targetProgress({ total: { atLeastOne: 100, full: 0 }, last7Days: week(1, 0) }, { population: 1_400, population18: 1_000 }, '2022-01-02');
		expect(late[0].required).toEqual({ status: 'missed', remaining: 400 });
	});

	it('reports no coverage where the denominator is unknown', () => {
		const [adults] = targetProgress({ total: { atLeastOne: 10, full: 0 }, last7Days: [] }, { population: 0, population18: 0 }, '2021-12-01');
		expect(adults.coverage).toBe(0);
		expect(adults.pace).toBe(0);
	});
});

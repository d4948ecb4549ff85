import { describe, expect, it } from 'vitest';
import { TARGETS, projectedDate, remainingToTarget, requiredDailyPace, sevenDayPace } from './targets.ts';

describe('targets', () => {
	it('are the Ministry of Health plan: 50 % of adults in 2021, 70 % of everyone by the end of Q1 2022', () => {
		expect(TARGETS).toEqual([
			{ id: 'adults-2021', measure: 'atLeastOne', share: 0.5, denominator: 'population18', deadline: '2021-12-31' },
			{ id: 'population-q1-2022', measure: 'full', share: 0.7, denominator: 'population', deadline: '2022-03-31' }
		]);
	});

	it('counts the people still needed, never below zero', () => {
		expect(remainingToTarget(400, 1_000, 0.5)).toBe(100);
		expect(remainingToTarget(501, 1_000, 0.5)).toBe(0);
		expect(remainingToTarget(0, 999, 0.7)).toBe(700); // 699.3 people means 700
	});

	it('averages the last seven days', () => {
		expect(sevenDayPace([100, 1, 2, 3, 4, 5, 6, 7])).toBe(4);
		expect(sevenDayPace([10, 20])).toBe(15);
		expect(sevenDayPace([])).toBe(0);
	});
});

describe('requiredDailyPace', () => {
	const adults = { share: 0.5, deadline: '2021-12-31' };
	it('spreads what remains over the days left, today and the deadline included', () => {
		// 1,000,000 adults, 300,000 done on 2 Dec: 200,000 remain over 30 days → 6,667 a day.
		expect(requiredDailyPace(300_000, 1_000_000, adults, '2021-12-02', 7_000)).toEqual({ status: 'on-track', requiredPerDay: 6_667, daysLeft: 30 });
		expect(requiredDailyPace(300_000, 1_000_000, adults, '2021-12-02', 6_000)).toEqual({ status: 'behind', requiredPerDay: 6_667, daysLeft: 30 });
	});
	it('is met once reached, and missed after the deadline', () => {
		expect(requiredDailyPace(500_000, 1_000_000, adults, '2021-10-01', 0)).toEqual({ status: 'met' });
		expect(requiredDailyPace(499_000, 1_000_000, adults, '2022-01-01', 10_000)).toEqual({ status: 'missed', remaining: 1_000 });
		expect(requiredDailyPace(499_000, 1_000_000, adults, '2021-12-31', 0)).toEqual({ status: 'behind', requiredPerDay: 1_000, daysLeft: 1 });
	});
});

describe('projectedDate', () => {
	it('is the day the remaining people are reached at the pace, counting today', () => {
		// 7,000 remain at 1,000 a day from 1 Oct: 1..7 Oct.
		expect(projectedDate(693_000, 1_000_000, 0.7, '2021-10-01', 1_000)).toBe('2021-10-07');
		expect(projectedDate(693_001, 1_000_000, 0.7, '2021-12-30', 1_000)).toBe('2022-01-05'); // across the year
	});
	it('is today once reached, and unknown without any pace', () => {
		expect(projectedDate(700_000, 1_000_000, 0.7, '2021-10-01', 0)).toBe('2021-10-01');
		expect(projectedDate(1, 1_000_000, 0.7, '2021-10-01', 0)).toBeNull();
	});
});

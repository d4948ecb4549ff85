import { describe, expect, it } from 'vitest';
import { burnRate, daysOfSupplyAtBurnRate, daysOfSupplyWithBookings, lotsExpiringWithStock, predictedStockOut } from './stock.ts';

describe('days of supply', () => {
	it('at the burn rate', () => {
		expect(burnRate([100, 200, 300])).toBe(200);
		expect(daysOfSupplyAtBurnRate(500, 200)).toBe(2.5);
		expect(daysOfSupplyAtBurnRate(500, 0)).toBe(Infinity);
		expect(daysOfSupplyAtBurnRate(0, 0)).toBe(0);
	});

	it('against booked appointments, then the burn rate', () => {
		// 500 doses; 200 booked today, 250 tomorrow, 100 the day after: 200 + 250 = 450, then 50 of 100 → 2.5 days.
		expect(daysOfSupplyWithBookings(500, [200, 250, 100], 50)).toBe(2.5);
		// Bookings covered: 1,000 − 600 = 400 left at 100 a day → 3 booked days + 4.
		expect(daysOfSupplyWithBookings(1_000, [200, 200, 200], 100)).toBe(7);
		// More booked today than in stock: out today.
		expect(daysOfSupplyWithBookings(100, [400], 10)).toBe(0.25);
		expect(daysOfSupplyWithBookings(0, [10], 10)).toBe(0);
	});

	it('predicts the stock-out instant, or none', () => {
		const now = Date.UTC(2021, 8, 1, 3);
		expect(predictedStockOut(now, 1.5)).toBe(Date.UTC(2021, 8, 2, 15));
		expect(predictedStockOut(now, Infinity)).toBeNull();
	});
});

describe('lots expiring with stock left', () => {
	it('lists lots with stock expiring within 14 days, soonest first', () => {
		const lots = [
			{ lot: 'A', onHand: 100, expiry: '2021-09-20' },
			{ lot: 'B', onHand: 0, expiry: '2021-09-05' },
			{ lot: 'C', onHand: 30, expiry: '2021-09-15' },
			{ lot: 'D', onHand: 50, expiry: '2021-08-30' },
			{ lot: 'E', onHand: 10, expiry: '2021-09-16' }
		];
		expect(lotsExpiringWithStock(lots, '2021-09-01').map((l) => l.lot)).toEqual(['D', 'C']);
		expect(lotsExpiringWithStock(lots, '2021-09-02').map((l) => l.lot)).toEqual(['D', 'C', 'E']);
	});
});

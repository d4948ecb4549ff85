// Stock math: pure functions behind "days of supply", "predicted stock-out" and "lots expiring with stock left".

/** Doses used per day, from the doses given over the last days (mean; 0 for none). */
export function burnRate(dosesPerDay: readonly number[]): number {
	return dosesPerDay.length === 0 ? 0 : dosesPerDay.reduce((a, b) => a + b, 0) / dosesPerDay.length;
}

/** Days the stock lasts at the burn rate (Infinity when nothing is used). */
export function daysOfSupplyAtBurnRate(onHand: number, perDay: number): number {
	if (onHand <= 0) return 0;
	return perDay > 0 ? onHand / perDay : Number.POSITIVE_INFINITY;
}

/**
 * Days the stock lasts against the appointments booked for the coming days (booked[0] = today), the burn rate
 * taking over after the last booked day. A day partly covered counts as the fraction covered.
 */
export function daysOfSupplyWithBookings(onHand: number, booked: readonly number[], perDay: number): number {
	let left = onHand;
	if (left <= 0) return 0;
	for (let day = 0; day < booked.length; day++) {
		if (booked[day] >= left) return day + left / booked[day];
		left -= booked[day];
	}
	return booked.length + daysOfSupplyAtBurnRate(left, perDay);
}

/** When the stock runs out (ms), from `now` and a number of days of supply; null when it does not. */
export function predictedStockOut(now: number, days: number): number | null {
	return Number.isFinite(days) ? now + Math.round(days * 86_400_000) : null;
}

export interface Lot {
	lot: string;
	onHand: number;
	/** YYYY-MM-DD */
	expiry: string;
}

/** Lots with stock that expire within `withinDays` of `today` (expired ones included), soonest first. */
export function lotsExpiringWithStock(lots: readonly Lot[], today: string, withinDays = 14): Lot[] {
	const limit = new Date(Date.parse(`${today}T00:00:00Z`) + withinDays * 86_400_000).toISOString().slice(0, 10);
	return lots.filter((l) => l.onHand > 0 && l.expiry <= limit).sort((a, b) => a.expiry.localeCompare(b.expiry));
}

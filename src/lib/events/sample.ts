// Deterministic sample events of every family, for tests and benchmarks (the campaign simulator builds on the
// same contract). Same seed, same events.
import type { AnyEvent } from './contract.ts';
import { VACCINE_CODES } from '../reference/vaccines.ts';

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A UUID v4 drawn from the generator, so event ids repeat with the seed. */
export function uuidFrom(random: () => number): string {
	const hex = (n: number) =>
		Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
	return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
}

export function citizenIdFrom(random: () => number): string {
	return String(Math.floor(random() * 1e12)).padStart(12, '0');
}

export interface SampleOptions {
	seed: number;
	/** Event times are spread over [start, start + spanMs). */
	start: number;
	spanMs: number;
	facilityId?: string;
}

/**
 * A site's day in miniature: visits through the 4 steps (check-in, screening, injection, observation, certificate),
 * stock movements, cold-chain readings and record verification, in realistic proportions (mostly visit steps).
 */
export function sampleEvents(count: number, opts: SampleOptions): AnyEvent[] {
	const random = rng(opts.seed);
	const events: AnyEvent[] = [];
	const at = () => new Date(opts.start + Math.floor(random() * opts.spanMs)).toISOString();
	const base = () => ({ event_id: uuidFrom(random), occurred_at: at() });
	let visit = 0;
	while (events.length < count) {
		const roll = random();
		const vaccine = VACCINE_CODES[Math.floor(random() * 4)];
		if (roll < 0.9) {
			const visitId = `V${opts.seed}-${visit++}`;
			const citizen_id = citizenIdFrom(random);
			const dose_number = random() < 0.6 ? 1 : 2;
			events.push({ ...base(), type: 'visit.checked_in', visit_id: visitId, citizen_id, birth_year: 1940 + Math.floor(random() * 63), priority_group: 1 + Math.floor(random() * 16), dose_number });
			const deferred = random() < 0.03;
			events.push(
				deferred
					? { ...base(), type: 'visit.screened', visit_id: visitId, outcome: 'deferred', deferral_reason: 'fever' }
					: { ...base(), type: 'visit.screened', visit_id: visitId, outcome: 'eligible' }
			);
			if (!deferred) {
				events.push({ ...base(), type: 'visit.injected', visit_id: visitId, citizen_id, vaccine, lot_number: `${vaccine}-L${Math.floor(random() * 20)}`, dose_number, table_no: 1 + Math.floor(random() * 6) });
				events.push({ ...base(), type: 'visit.observation_ended', visit_id: visitId, aefi: random() < 0.01 ? 'mild' : 'none' });
				events.push({ ...base(), type: 'visit.certified', visit_id: visitId, dose_number });
			}
		} else if (roll < 0.95) {
			events.push({ ...base(), type: 'coldchain.reading', device_id: 'FRIDGE-1', temperature_c: Math.round((2 + random() * 6) * 10) / 10 });
		} else if (roll < 0.98) {
			events.push({ ...base(), type: 'stock.counted', vaccine, lot_number: `${vaccine}-L${Math.floor(random() * 20)}`, on_hand: Math.floor(random() * 2000) });
		} else {
			events.push({ ...base(), type: 'record.verified', visit_id: `V${opts.seed}-${Math.floor(random() * Math.max(visit, 1))}` });
		}
	}
	events.length = count;
	if (opts.facilityId) for (const e of events) e.facility_id = opts.facilityId;
	return events;
}

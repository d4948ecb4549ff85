import { describe, it, expect } from 'vitest';
import { EARLIEST_EVENT_TIME, EVENT_TYPES, FAMILY_TABLE, parseEvent, type EventType, type FieldError } from './contract.ts';

const NOW = Date.UTC(2021, 7, 10, 3, 0, 0); // 2021-08-10T10:00:00+07:00
const SKEW = 600_000;
const EVENT_ID = '3f1c2a4e-8b7d-4c2a-9e1f-0a1b2c3d4e5f';
const CITIZEN = '079201001234';
const AT = '2021-08-10T09:30:00+07:00';

const envelope = (type: EventType) => ({ event_id: EVENT_ID, type, occurred_at: AT });

/** One valid example of every event type, fields only (the envelope is added). */
const EXAMPLES: Record<EventType, Record<string, unknown>> = {
	'registration.submitted': { registration_id: 'R-1', citizen_id: CITIZEN, birth_year: 1980, priority_group: 3, channel: 'app' },
	'registration.approved': { registration_id: 'R-1' },
	'registration.allocated': { registration_id: 'R-1', district_code: '760' },
	'registration.scheduled': { registration_id: 'R-1', site_id: 'S-79-001', slot_start: '2021-08-11T08:00:00+07:00', vaccine: 'AZ', dose_number: 1 },
	'registration.cancelled': { registration_id: 'R-1', reason: 'moved away' },
	'registration.no_show': { registration_id: 'R-1' },
	'visit.checked_in': { visit_id: 'V-1', citizen_id: CITIZEN, birth_year: 1980, priority_group: 3, dose_number: 1, registration_id: 'R-1' },
	'visit.screened': { visit_id: 'V-1', outcome: 'eligible' },
	'visit.injected': { visit_id: 'V-1', citizen_id: CITIZEN, vaccine: 'PFIZER', lot_number: 'FF1234', dose_number: 2, table_no: 4 },
	'visit.observation_ended': { visit_id: 'V-1', aefi: 'none' },
	'visit.aefi_reported': { visit_id: 'V-1', aefi: 'mild', aefi_symptoms: 'headache' },
	'visit.certified': { visit_id: 'V-1', dose_number: 2, certificate_no: 'C-99' },
	'stock.allocated': { batch_id: 'B-2021-08', vaccine: 'MODERNA', doses: 100000, to_province: '79' },
	'stock.received': { vaccine: 'MODERNA', lot_number: 'M-1', expiry_date: '2021-12-31', doses: 5000, from_facility: 'W-01', batch_id: 'B-2021-08' },
	'stock.issued': { vaccine: 'AZ', lot_number: 'A-1', expiry_date: '2021-11-30', doses: 200, to_facility: 'S-79-001' },
	'stock.transferred': { vaccine: 'AZ', lot_number: 'A-1', expiry_date: '2021-11-30', doses: 100, to_facility: 'S-79-002' },
	'stock.returned': { vaccine: 'AZ', lot_number: 'A-1', expiry_date: '2021-11-30', doses: 10, to_facility: 'W-79' },
	'stock.wasted': { vaccine: 'AZ', lot_number: 'A-1', doses: 3, reason: 'open_vial' },
	'stock.counted': { vaccine: 'SINOPHARM', lot_number: 'S-1', expiry_date: '2022-01-31', on_hand: 0 },
	'coldchain.reading': { device_id: 'FRIDGE-7', temperature_c: 4.5, vaccine: 'PFIZER' },
	'record.verified': { visit_id: 'V-1', citizen_id: CITIZEN },
	'record.rejected': { visit_id: 'V-1', reason: 'dob_mismatch' }
};

const FAMILY_OF_PREFIX: Record<string, string> = {
	registration: 'registration',
	visit: 'visit',
	stock: 'stock',
	coldchain: 'coldchain',
	record: 'verification'
};

function errorsOf(input: unknown, now = NOW, skew = SKEW): FieldError[] {
	const parsed = parseEvent(input, now, skew);
	if (parsed.ok) throw new Error(`expected a rejection, got a valid ${parsed.event.type}`);
	return parsed.errors;
}

function valid(type: EventType, extra: Record<string, unknown> = {}) {
	return { ...envelope(type), ...EXAMPLES[type], ...extra };
}

describe('parseEvent: one valid example of every type', () => {
	it('the example table covers exactly EVENT_TYPES', () => {
		expect(Object.keys(EXAMPLES).sort()).toEqual([...EVENT_TYPES].sort());
	});

	it.each(EVENT_TYPES.map((t) => [t]))('%s is accepted', (type) => {
		const parsed = parseEvent(valid(type), NOW, SKEW);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		expect(parsed.event.type).toBe(type);
		expect(parsed.family).toBe(FAMILY_OF_PREFIX[type.split('.')[0]]);
		expect(FAMILY_TABLE[parsed.family]).toMatch(/^raw_/);
		expect(parsed.needsFacility).toBe(['visit', 'stock', 'coldchain'].includes(parsed.family));
		expect(parsed.occurredAt).toBe(Date.parse(AT));
	});

	it('accepts v: 1 and an optional facility_id/province', () => {
		const parsed = parseEvent(valid('visit.screened', { v: 1, facility_id: 'S-79-001', province: '79' }), NOW, SKEW);
		expect(parsed.ok).toBe(true);
	});
});

describe('parseEvent: errors name the field and state the rule', () => {
	it('citizen_id not 12 digits', () => {
		const errors = errorsOf(valid('visit.injected', { citizen_id: '07920100123' }));
		expect(errors).toHaveLength(1);
		expect(errors[0].path).toBe('citizen_id');
		expect(errors[0].message).toMatch(/12-digit/);
	});

	it('citizen_id as a number', () => {
		const errors = errorsOf(valid('visit.injected', { citizen_id: 79201001234 }));
		expect(errors[0].path).toBe('citizen_id');
		expect(errors[0].message).toMatch(/12 digits/);
	});

	it('dose_number 9', () => {
		const errors = errorsOf(valid('visit.injected', { dose_number: 9 }));
		expect(errors).toEqual([{ path: 'dose_number', message: 'must be at most 5' }]);
	});

	it('dose_number not an integer', () => {
		const errors = errorsOf(valid('visit.certified', { dose_number: 1.5 }));
		expect(errors[0].path).toBe('dose_number');
		expect(errors[0].message).toMatch(/integer/);
	});

	it('unknown vaccine', () => {
		const errors = errorsOf(valid('visit.injected', { vaccine: 'SPUTNIK' }));
		expect(errors[0].path).toBe('vaccine');
		expect(errors[0].message).toMatch(/must be one of .*AZ.*PFIZER/);
	});

	it('bad uuid', () => {
		const errors = errorsOf(valid('visit.screened', { event_id: 'not-a-uuid' }));
		expect(errors[0].path).toBe('event_id');
		expect(errors[0].message).toMatch(/UUID/);
	});

	it('occurred_at without a time zone', () => {
		const errors = errorsOf(valid('visit.screened', { occurred_at: '2021-08-10T09:30:00' }));
		expect(errors[0].path).toBe('occurred_at');
		expect(errors[0].message).toMatch(/time zone/);
	});

	it('occurred_at with Z is accepted', () => {
		expect(parseEvent(valid('visit.screened', { occurred_at: '2021-08-10T02:30:00Z' }), NOW, SKEW).ok).toBe(true);
	});

	it('an unknown extra field is reported at its own key', () => {
		const errors = errorsOf(valid('visit.screened', { colour: 'blue' }));
		expect(errors).toEqual([{ path: 'colour', message: 'is not a field of visit.screened' }]);
	});

	it('a field of another type is unknown here', () => {
		const errors = errorsOf(valid('registration.approved', { citizen_id: CITIZEN }));
		expect(errors.map((e) => e.path)).toEqual(['citizen_id']);
	});

	it('a missing required field', () => {
		const input = valid('stock.wasted');
		delete (input as Record<string, unknown>).reason;
		const errors = errorsOf(input);
		expect(errors[0].path).toBe('reason');
	});

	it('unknown type', () => {
		const errors = errorsOf({ ...envelope('visit.screened'), type: 'visit.teleported' });
		expect(errors).toHaveLength(1);
		expect(errors[0].path).toBe('type');
		expect(errors[0].message).toMatch(/unknown event type "visit\.teleported"/);
	});

	it('missing type', () => {
		const errors = errorsOf({ event_id: EVENT_ID, occurred_at: AT });
		expect(errors[0].path).toBe('type');
		expect(errors[0].message).toMatch(/required/);
	});

	it.each([[null], [42], ['text'], [[1, 2]], [undefined]])('non-object input %j', (input) => {
		const errors = errorsOf(input);
		expect(errors).toEqual([{ path: '', message: 'must be a JSON object' }]);
	});

	it('v other than 1', () => {
		const errors = errorsOf(valid('visit.screened', { v: 2 }));
		expect(errors[0].path).toBe('v');
		expect(errors[0].message).toMatch(/must be 1/);
	});

	it('province not a GSO code', () => {
		const errors = errorsOf(valid('visit.screened', { province: '03' }));
		expect(errors[0].path).toBe('province');
		expect(errors[0].message).toMatch(/GSO province code/);
	});

	it('deferral_reason is required when outcome is deferred', () => {
		const errors = errorsOf(valid('visit.screened', { outcome: 'deferred' }));
		expect(errors).toEqual([{ path: 'deferral_reason', message: 'is required when outcome is deferred' }]);
	});

	it('deferral_reason is accepted when outcome is deferred', () => {
		expect(parseEvent(valid('visit.screened', { outcome: 'deferred', deferral_reason: 'fever' }), NOW, SKEW).ok).toBe(true);
	});

	it('deferral_reason is forbidden otherwise', () => {
		const errors = errorsOf(valid('visit.screened', { outcome: 'eligible', deferral_reason: 'fever' }));
		expect(errors).toEqual([{ path: 'deferral_reason', message: 'is allowed only when outcome is deferred' }]);
	});

	it('occurred_at before 2021', () => {
		const errors = errorsOf(valid('visit.screened', { occurred_at: '2020-12-31T23:59:59Z' }));
		expect(errors).toEqual([{ path: 'occurred_at', message: 'must not be before 2021-01-01' }]);
		expect(parseEvent(valid('visit.screened', { occurred_at: new Date(EARLIEST_EVENT_TIME).toISOString() }), NOW, SKEW).ok).toBe(true);
	});

	it('occurred_at more than the skew in the future', () => {
		const tooLate = new Date(NOW + SKEW + 1000).toISOString();
		const errors = errorsOf(valid('visit.screened', { occurred_at: tooLate }));
		expect(errors).toHaveLength(1);
		expect(errors[0].path).toBe('occurred_at');
		expect(errors[0].message).toMatch(/600 s in the future/);
		// Exactly at the skew limit is still fine.
		expect(parseEvent(valid('visit.screened', { occurred_at: new Date(NOW + SKEW).toISOString() }), NOW, SKEW).ok).toBe(true);
	});

	it('reports every wrong field, not only the first', () => {
		const errors = errorsOf(valid('visit.injected', { dose_number: 0, table_no: 100, vaccine: 'X' }));
		expect(errors.map((e) => e.path).sort()).toEqual(['dose_number', 'table_no', 'vaccine']);
	});
});

describe('parseEvent: lot expiry dates', () => {
	it('refuses expiry dates outside 2020–2099 (typos that ClickHouse would silently clamp)', () => {
		for (const expiry_date of ['0000-01-01', '2019-12-31', '2100-01-01', '9999-12-31']) {
			expect(errorsOf(valid('stock.received', { expiry_date }))).toEqual([{ path: 'expiry_date', message: 'must be from 2020-01-01 to 2099-12-31' }]);
		}
		expect(parseEvent(valid('stock.received', { expiry_date: '2022-03-31' }), NOW, SKEW).ok).toBe(true);
	});
});

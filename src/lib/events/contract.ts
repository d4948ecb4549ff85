// The event contract, version 1: one schema per event type, shared by the ingest API, the worker and the simulator.
// Events are flat JSON objects. Unknown fields are rejected (a typo must not be silently dropped).
import { z } from 'zod';
import { PROVINCE_BY_CODE } from '../reference/provinces.ts';
import { VACCINE_CODES } from '../reference/vaccines.ts';

export const SCHEMA_VERSION = 1;
/** Nothing of this campaign happened before this instant; older event times are typos. */
export const EARLIEST_EVENT_TIME = Date.UTC(2021, 0, 1);
/** Appointment slots end before this instant: later ones are typos (and years past 9999 cannot be stored). */
export const LATEST_SLOT_TIME = Date.UTC(2100, 0, 1);

export type Family = 'registration' | 'visit' | 'stock' | 'coldchain' | 'verification';
export const FAMILY_TABLE: Record<Family, string> = {
	registration: 'raw_registration',
	visit: 'raw_visit',
	stock: 'raw_stock',
	coldchain: 'raw_coldchain',
	verification: 'raw_verification'
};

const id = (what: string) =>
	z
		.string({ error: `must be a string (${what})` })
		.min(1, { error: 'must not be empty' })
		.max(64, { error: 'must be at most 64 characters' })
		.regex(/^[A-Za-z0-9._:\-/]+$/, { error: 'may contain only letters, digits and . _ : - /' });

const citizenId = z
	.string({ error: 'must be a string of 12 digits (CCCD)' })
	.regex(/^\d{12}$/, { error: 'must be a 12-digit citizen ID (CCCD)' });
const provinceCode = z
	.string({ error: 'must be a 2-digit GSO province code' })
	.refine((code) => PROVINCE_BY_CODE.has(code), { error: 'must be one of the 63 GSO province codes of 2021, e.g. "01" (Hà Nội)' });
const vaccine = z.enum(VACCINE_CODES, { error: `must be one of ${VACCINE_CODES.join(', ')}` });
const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2021-08-10T09:30:00+07:00' });
// Expiry dates of vaccine lots: anything outside this range is a typo (and would not fit ClickHouse's Date).
const date = z.iso
	.date({ error: 'must be a date YYYY-MM-DD' })
	.refine((d) => d >= '2020-01-01' && d <= '2099-12-31', { error: 'must be from 2020-01-01 to 2099-12-31' });
const int = (min: number, max: number) =>
	z
		.number({ error: 'must be a number' })
		.int({ error: 'must be an integer' })
		.min(min, { error: `must be at least ${min}` })
		.max(max, { error: `must be at most ${max}` });
const text = (max: number) => z.string({ error: 'must be a string' }).max(max, { error: `must be at most ${max} characters` });
const birthYear = int(1900, 2021);
const priorityGroup = int(1, 16);
const doseNumber = int(1, 5);

export const DEFERRAL_REASONS = ['acute_illness', 'fever', 'recent_covid', 'pregnancy', 'allergy_history', 'uncontrolled_chronic', 'recent_other_vaccine', 'other'] as const;
export const WASTAGE_REASONS = ['open_vial', 'expired', 'broken', 'cold_chain', 'other'] as const;
export const VERIFICATION_REJECT_REASONS = ['id_not_found', 'name_mismatch', 'dob_mismatch', 'missing_id', 'other'] as const;

/** Where an event type may come from and which raw table it lands in. */
interface TypeSpec {
	family: Family;
	/** Sites, stores and devices: the event must name a facility. */
	needsFacility: boolean;
	fields: z.ZodRawShape;
	/** Checks across fields, as [path, message] pairs. */
	check?: (e: Record<string, unknown>) => [string, string][];
}

const TYPES = {
	// 1. Registration: register → approve → allocate to a district → schedule to a site and slot → vaccinated / no-show / cancelled.
	'registration.submitted': {
		family: 'registration',
		needsFacility: false,
		fields: {
			registration_id: id('registration id'),
			citizen_id: citizenId,
			birth_year: birthYear,
			priority_group: priorityGroup,
			channel: z.enum(['app', 'portal', 'list'], { error: 'must be app, portal or list' }),
			dose_number: doseNumber.optional()
		}
	},
	'registration.approved': { family: 'registration', needsFacility: false, fields: { registration_id: id('registration id') } },
	'registration.allocated': {
		family: 'registration',
		needsFacility: false,
		fields: { registration_id: id('registration id'), district_code: id('district code') }
	},
	'registration.scheduled': {
		family: 'registration',
		needsFacility: false,
		fields: {
			registration_id: id('registration id'),
			site_id: id('site id'),
			slot_start: dateTime,
			vaccine: vaccine.optional(),
			dose_number: doseNumber.optional()
		},
		check: (e) => {
			const at = Date.parse(e.slot_start as string);
			return at < EARLIEST_EVENT_TIME || at >= LATEST_SLOT_TIME ? [['slot_start', 'must be from 2021-01-01 to 2099-12-31']] : [];
		}
	},
	'registration.cancelled': {
		family: 'registration',
		needsFacility: false,
		fields: { registration_id: id('registration id'), reason: text(64).optional() }
	},
	'registration.no_show': { family: 'registration', needsFacility: false, fields: { registration_id: id('registration id') } },

	// 2. The vaccination session at a site, in 4 steps.
	'visit.checked_in': {
		family: 'visit',
		needsFacility: true,
		fields: {
			visit_id: id('visit id'),
			citizen_id: citizenId,
			birth_year: birthYear,
			priority_group: priorityGroup,
			dose_number: doseNumber,
			registration_id: id('registration id').optional()
		}
	},
	'visit.screened': {
		family: 'visit',
		needsFacility: true,
		fields: {
			visit_id: id('visit id'),
			outcome: z.enum(['eligible', 'deferred', 'referred'], { error: 'must be eligible, deferred or referred' }),
			deferral_reason: z.enum(DEFERRAL_REASONS, { error: `must be one of ${DEFERRAL_REASONS.join(', ')}` }).optional()
		},
		check: (e) =>
			e.outcome === 'deferred' && e.deferral_reason === undefined
				? [['deferral_reason', 'is required when outcome is deferred']]
				: e.outcome !== 'deferred' && e.deferral_reason !== undefined
					? [['deferral_reason', 'is allowed only when outcome is deferred']]
					: []
	},
	'visit.injected': {
		family: 'visit',
		needsFacility: true,
		fields: {
			visit_id: id('visit id'),
			citizen_id: citizenId,
			vaccine,
			lot_number: id('manufacturer lot number'),
			dose_number: doseNumber,
			table_no: int(1, 99),
			// The person's, as on the vaccination record: coverage by age band and priority group is counted from
			// the injection itself, so it does not depend on the check-in having arrived.
			birth_year: birthYear.optional(),
			priority_group: priorityGroup.optional()
		}
	},
	'visit.observation_ended': {
		family: 'visit',
		needsFacility: true,
		fields: {
			visit_id: id('visit id'),
			aefi: z.enum(['none', 'mild', 'severe'], { error: 'must be none, mild or severe' }),
			aefi_symptoms: text(500).optional()
		}
	},
	'visit.aefi_reported': {
		family: 'visit',
		needsFacility: true,
		fields: {
			visit_id: id('visit id'),
			aefi: z.enum(['mild', 'severe'], { error: 'must be mild or severe' }),
			aefi_symptoms: text(500)
		}
	},
	'visit.certified': {
		family: 'visit',
		needsFacility: true,
		fields: { visit_id: id('visit id'), dose_number: doseNumber, certificate_no: id('certificate number').optional() }
	},

	// 3. Inventory, by manufacturer lot: allocation batches, receipts, issues, transfers, returns, wastage, daily counts.
	'stock.allocated': {
		family: 'stock',
		needsFacility: true,
		fields: { batch_id: id('allocation batch id'), vaccine, doses: int(1, 100_000_000), to_province: provinceCode }
	},
	'stock.received': {
		family: 'stock',
		needsFacility: true,
		fields: {
			vaccine,
			lot_number: id('manufacturer lot number'),
			expiry_date: date,
			doses: int(1, 100_000_000),
			from_facility: id('facility id').optional(),
			batch_id: id('allocation batch id').optional()
		}
	},
	'stock.issued': {
		family: 'stock',
		needsFacility: true,
		fields: { vaccine, lot_number: id('manufacturer lot number'), expiry_date: date, doses: int(1, 100_000_000), to_facility: id('facility id') }
	},
	'stock.transferred': {
		family: 'stock',
		needsFacility: true,
		fields: { vaccine, lot_number: id('manufacturer lot number'), expiry_date: date, doses: int(1, 100_000_000), to_facility: id('facility id') }
	},
	'stock.returned': {
		family: 'stock',
		needsFacility: true,
		fields: { vaccine, lot_number: id('manufacturer lot number'), expiry_date: date, doses: int(1, 100_000_000), to_facility: id('facility id') }
	},
	'stock.wasted': {
		family: 'stock',
		needsFacility: true,
		fields: {
			vaccine,
			lot_number: id('manufacturer lot number'),
			doses: int(1, 1_000_000),
			reason: z.enum(WASTAGE_REASONS, { error: `must be one of ${WASTAGE_REASONS.join(', ')}` })
		}
	},
	'stock.counted': {
		family: 'stock',
		needsFacility: true,
		fields: { vaccine, lot_number: id('manufacturer lot number'), expiry_date: date.optional(), on_hand: int(0, 100_000_000) }
	},

	// 3b. Cold chain.
	'coldchain.reading': {
		family: 'coldchain',
		needsFacility: true,
		fields: { device_id: id('device id'), temperature_c: z.number({ error: 'must be a number' }).min(-100).max(80), vaccine: vaccine.optional() }
	},

	// 4. Verification against the national population database.
	'record.verified': {
		family: 'verification',
		needsFacility: false,
		fields: { visit_id: id('visit id'), citizen_id: citizenId.optional() }
	},
	'record.rejected': {
		family: 'verification',
		needsFacility: false,
		fields: {
			visit_id: id('visit id'),
			citizen_id: citizenId.optional(),
			reason: z.enum(VERIFICATION_REJECT_REASONS, { error: `must be one of ${VERIFICATION_REJECT_REASONS.join(', ')}` })
		}
	}
} satisfies Record<string, TypeSpec>;

export type EventType = keyof typeof TYPES;
export const EVENT_TYPES = Object.keys(TYPES) as EventType[];

const envelope = {
	event_id: z.uuid({ error: 'must be a UUID made by the client (it de-duplicates retries)' }),
	type: z.string(),
	v: z.literal(SCHEMA_VERSION, { error: `must be ${SCHEMA_VERSION} (the only schema version) or omitted` }).optional(),
	occurred_at: dateTime,
	facility_id: id('facility id').optional(),
	province: provinceCode.optional()
};

type FieldsOf<T extends EventType> = z.infer<z.ZodObject<(typeof TYPES)[T]['fields']>>;
/** A valid event of type T as a client sends it. */
export type EventOf<T extends EventType> = {
	event_id: string;
	type: T;
	v?: 1;
	occurred_at: string;
	facility_id?: string;
	province?: string;
} & FieldsOf<T>;
export type AnyEvent = { [T in EventType]: EventOf<T> }[EventType];

const SCHEMAS = new Map<string, { spec: TypeSpec; schema: z.ZodType<Record<string, unknown>> }>(
	Object.entries(TYPES).map(([type, spec]) => [type, { spec, schema: z.strictObject({ ...envelope, ...spec.fields }) }])
);

export interface FieldError {
	path: string;
	message: string;
}

export type Parsed =
	| { ok: true; event: Record<string, unknown> & { event_id: string; type: EventType; occurred_at: string }; family: Family; needsFacility: boolean; occurredAt: number }
	| { ok: false; errors: FieldError[] };

/** Validates one event against its type's schema and the time bounds. Never throws. */
export function parseEvent(input: unknown, now: number, maxFutureSkewMs: number): Parsed {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		return { ok: false, errors: [{ path: '', message: 'must be a JSON object' }] };
	}
	const type = (input as Record<string, unknown>).type;
	if (typeof type !== 'string') return { ok: false, errors: [{ path: 'type', message: 'is required: a string naming the event type' }] };
	const entry = SCHEMAS.get(type);
	if (!entry) {
		return {
			ok: false,
			errors: [{ path: 'type', message: `unknown event type "${type.slice(0, 64)}"; expected one of ${EVENT_TYPES.join(', ')}` }]
		};
	}
	const result = entry.schema.safeParse(input);
	const errors: FieldError[] = [];
	if (!result.success) {
		for (const issue of result.error.issues) {
			if (issue.code === 'unrecognized_keys') {
				for (const key of issue.keys) errors.push({ path: key.slice(0, 64), message: `is not a field of ${type}` });
			} else {
				errors.push({ path: issue.path.join('.'), message: issue.message });
			}
		}
		return { ok: false, errors };
	}
	const event = result.data as Record<string, unknown> & { event_id: string; type: EventType; occurred_at: string };
	const occurredAt = Date.parse(event.occurred_at);
	if (occurredAt < EARLIEST_EVENT_TIME) errors.push({ path: 'occurred_at', message: 'must not be before 2021-01-01' });
	if (occurredAt > now + maxFutureSkewMs) {
		errors.push({ path: 'occurred_at', message: `must not be more than ${Math.round(maxFutureSkewMs / 1000)} s in the future (check the device clock)` });
	}
	if (entry.spec.check) for (const [path, message] of entry.spec.check(event)) errors.push({ path, message });
	if (errors.length > 0) return { ok: false, errors };
	return { ok: true, event, family: entry.spec.family, needsFacility: entry.spec.needsFacility, occurredAt };
}

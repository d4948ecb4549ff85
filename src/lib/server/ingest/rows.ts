// Turns a validated event into the row of its raw table: pseudonymised, stamped with ingest time and source.
import { FAMILY_TABLE, SCHEMA_VERSION, type Family } from '../../events/contract.ts';

/** A DateTime64(3) value as ClickHouse reads it in any mode: Unix seconds with milliseconds ("1628589600.123"). */
export function chTime(ms: number): string {
	const seconds = Math.floor(ms / 1000);
	const millis = ms - seconds * 1000;
	return `${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
}

export interface RowContext {
	ingestedAt: string;
	sourceKey: string;
	provinceCode: string;
	facilityId: string;
	/** Citizen ID → keyed hash (memoised per batch: a person's check-in and injection share one). */
	pseudonym: (citizenId: string) => string;
}

/** Fields copied unchanged when present. */
const PLAIN = new Set([
	'registration_id', 'birth_year', 'priority_group', 'channel', 'district_code', 'site_id', 'vaccine', 'dose_number', 'reason',
	'visit_id', 'outcome', 'deferral_reason', 'lot_number', 'table_no', 'aefi', 'aefi_symptoms', 'certificate_no',
	'expiry_date', 'doses', 'batch_id', 'to_province', 'on_hand', 'device_id', 'temperature_c'
]);

/** Fields people type into: the only place a citizen ID could hide in an accepted event. */
const FREE_TEXT = new Set(['aefi_symptoms', 'reason']);

export function toRow(event: Record<string, unknown>, occurredAt: number, ctx: RowContext): Record<string, unknown> {
	const row: Record<string, unknown> = {
		event_id: event.event_id,
		type: event.type,
		schema_version: SCHEMA_VERSION,
		occurred_at: chTime(occurredAt),
		ingested_at: ctx.ingestedAt,
		province_code: ctx.provinceCode,
		facility_id: ctx.facilityId,
		source_key: ctx.sourceKey
	};
	for (const field in event) {
		const value = event[field];
		if (PLAIN.has(field)) {
			// Free text may hold a lone UTF-16 surrogate, which ClickHouse refuses, or a citizen ID typed into a note.
			row[field] = typeof value !== 'string' ? value : FREE_TEXT.has(field) ? redactDigits(value.toWellFormed()) : value.toWellFormed();
		} else if (field === 'citizen_id') row.citizen_hash = ctx.pseudonym(value as string);
		else if (field === 'slot_start') row.slot_start = chTime(Date.parse(value as string));
		else if (field === 'from_facility' || field === 'to_facility') row.counterpart_facility = value;
	}
	return row;
}

export function tableOf(family: Family): string {
	return FAMILY_TABLE[family];
}

/** Any 12-digit run may be a citizen ID put in the wrong field. */
export function redactDigits(text: string): string {
	return text.replace(/(?<!\d)\d{12}(?!\d)/g, '[redacted]');
}

/** A rejected event as kept for review: citizen IDs redacted wherever they are, size bounded. */
export function redactedPayload(input: unknown, maxChars = 4096): string {
	let text: string;
	try {
		text = JSON.stringify(input, (key, value) => (key === 'citizen_id' ? '[redacted]' : value)) ?? String(input);
	} catch {
		// Nested too deeply to serialise: JSON.parse takes depths that JSON.stringify and String() overflow on.
		text = '[nested too deeply to keep]';
	}
	text = redactDigits(text);
	return text.length > maxChars ? text.slice(0, maxChars) + '…[truncated]' : text;
}

import { describe, it, expect } from 'vitest';
import { prepareBatch, type KeyScope, type PreparedBatch } from './batch.ts';
import { UnparsableLine } from './body.ts';
import { citizenHash } from './pseudonym.ts';

const NOW = Date.UTC(2021, 7, 10, 3, 0, 0);
const OPTS = { now: NOW, secret: 's'.repeat(32), maxFutureSkewMs: 600_000 };
const CITIZEN = '079201001234';

const FACILITY: KeyScope = { kind: 'facility', keyId: 'key-f', facilityId: 'S-79-001', provinceCode: '79' };
const CHANNEL: KeyScope = { kind: 'channel', keyId: 'key-c', channel: 'portal', families: ['registration', 'verification', 'stock'] };

let seq = 0;
function uuid(): string {
	seq++;
	return `00000000-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`;
}

const injected = (extra: Record<string, unknown> = {}) => ({
	event_id: uuid(),
	type: 'visit.injected',
	occurred_at: '2021-08-10T09:30:00+07:00',
	visit_id: 'V-1',
	citizen_id: CITIZEN,
	vaccine: 'AZ',
	lot_number: 'A-1',
	dose_number: 1,
	table_no: 2,
	...extra
});
const submitted = (extra: Record<string, unknown> = {}) => ({
	event_id: uuid(),
	type: 'registration.submitted',
	occurred_at: '2021-08-09T08:00:00+07:00',
	registration_id: 'R-1',
	citizen_id: CITIZEN,
	birth_year: 1980,
	priority_group: 3,
	channel: 'portal',
	...extra
});
const stockCounted = (extra: Record<string, unknown> = {}) => ({
	event_id: uuid(),
	type: 'stock.counted',
	occurred_at: '2021-08-10T07:00:00+07:00',
	vaccine: 'AZ',
	lot_number: 'A-1',
	on_hand: 40,
	...extra
});
const reading = (extra: Record<string, unknown> = {}) => ({
	event_id: uuid(),
	type: 'coldchain.reading',
	occurred_at: '2021-08-10T08:00:00+07:00',
	device_id: 'F-1',
	temperature_c: 5,
	...extra
});

function rowsOf(batch: PreparedBatch, table: string): Record<string, unknown>[] {
	return (batch.tables[table]?.lines ?? []).map((l) => JSON.parse(l));
}
function allLines(batch: PreparedBatch): string[] {
	return [...Object.values(batch.tables).flatMap((t) => t.lines), ...batch.rejects];
}

describe('prepareBatch with a facility key', () => {
	it('stamps the facility and province of the key', () => {
		const event = injected();
		const batch = prepareBatch([event], FACILITY, OPTS);
		expect(batch.accepted).toBe(1);
		expect(batch.rejections).toEqual([]);
		const [row] = rowsOf(batch, 'raw_visit');
		expect(row.facility_id).toBe('S-79-001');
		expect(row.province_code).toBe('79');
		expect(row.source_key).toBe('key-f');
		expect(row.event_id).toBe(event.event_id);
		// Unix seconds with milliseconds: what ClickHouse reads as DateTime64(3) in any input mode.
		expect(row.occurred_at).toBe(`${Date.UTC(2021, 7, 10, 2, 30) / 1000}.000`);
		expect(row.ingested_at).toBe(`${NOW / 1000}.000`);
		expect(batch.tables.raw_visit.ids).toEqual([event.event_id]);
	});

	it('accepts its own facility_id and province when sent explicitly', () => {
		const batch = prepareBatch([injected({ facility_id: 'S-79-001', province: '79' })], FACILITY, OPTS);
		expect(batch.accepted).toBe(1);
	});

	it('rejects another facility_id while valid siblings are accepted', () => {
		const good1 = injected();
		const bad = injected({ facility_id: 'S-01-999' });
		const good2 = injected();
		const batch = prepareBatch([good1, bad, good2], FACILITY, OPTS);
		expect(batch.accepted).toBe(2);
		expect(batch.tables.raw_visit.ids).toEqual([good1.event_id, good2.event_id]);
		expect(batch.rejections).toHaveLength(1);
		expect(batch.rejections[0].index).toBe(1);
		expect(batch.rejections[0].event_id).toBe(bad.event_id);
		expect(batch.rejections[0].errors[0].path).toBe('facility_id');
		expect(batch.rejections[0].errors[0].message).toMatch(/must be S-79-001/);
		expect(batch.rejects).toHaveLength(1);
		const reject = JSON.parse(batch.rejects[0]);
		expect(reject.batch_index).toBe(1);
		expect(reject.errors[0].path).toBe('facility_id');
		expect(reject.type).toBe('visit.injected');
		expect(reject.source_key).toBe('key-f');
	});

	it('rejects another province while valid siblings are accepted', () => {
		const batch = prepareBatch([injected({ province: '01' }), injected()], FACILITY, OPTS);
		expect(batch.accepted).toBe(1);
		expect(batch.rejections).toHaveLength(1);
		expect(batch.rejections[0].index).toBe(0);
		expect(batch.rejections[0].errors[0].path).toBe('province');
		expect(batch.rejections[0].errors[0].message).toMatch(/must be 79/);
	});
});

describe('prepareBatch with a channel key', () => {
	it('rejects a family the channel may not send, on `type`', () => {
		const batch = prepareBatch([reading({ province: '79', facility_id: 'S-79-001' })], CHANNEL, OPTS);
		expect(batch.accepted).toBe(0);
		expect(batch.rejections[0].errors).toHaveLength(1);
		expect(batch.rejections[0].errors[0].path).toBe('type');
		expect(batch.rejections[0].errors[0].message).toMatch(/may not send coldchain events/);
	});

	it('requires a province', () => {
		const batch = prepareBatch([submitted()], CHANNEL, OPTS);
		expect(batch.accepted).toBe(0);
		expect(batch.rejections[0].errors.map((e) => e.path)).toEqual(['province']);
	});

	it('requires a facility for stock events (and visit/coldchain)', () => {
		const batch = prepareBatch([stockCounted({ province: '79' })], CHANNEL, OPTS);
		expect(batch.accepted).toBe(0);
		expect(batch.rejections[0].errors).toEqual([{ path: 'facility_id', message: 'is required for this event type' }]);

		const all: KeyScope = { kind: 'channel', keyId: 'k', channel: 'all', families: ['visit', 'stock', 'coldchain'] };
		const b2 = prepareBatch([injected({ province: '79' }), reading({ province: '79' })], all, OPTS);
		expect(b2.accepted).toBe(0);
		expect(b2.rejections.map((r) => r.errors[0].path)).toEqual(['facility_id', 'facility_id']);
	});

	it('does not require a facility for registration events and uses the sent province', () => {
		const batch = prepareBatch([submitted({ province: '01' })], CHANNEL, OPTS);
		expect(batch.accepted).toBe(1);
		const [row] = rowsOf(batch, 'raw_registration');
		expect(row.province_code).toBe('01');
		expect(row.facility_id).toBe('');
		expect(row.source_key).toBe('key-c');
	});

	it('uses the sent facility for a stock event', () => {
		const batch = prepareBatch([stockCounted({ province: '79', facility_id: 'W-79' })], CHANNEL, OPTS);
		expect(batch.accepted).toBe(1);
		expect(rowsOf(batch, 'raw_stock')[0].facility_id).toBe('W-79');
	});

	it('reports every place error at once', () => {
		const batch = prepareBatch([reading()], CHANNEL, OPTS);
		expect(batch.rejections[0].errors.map((e) => e.path)).toEqual(['type', 'province', 'facility_id']);
	});
});

describe('prepareBatch rows', () => {
	it('counts duplicates of one event_id in a batch once, as one row', () => {
		const event = injected();
		const batch = prepareBatch([event, { ...event }, { ...event }], FACILITY, OPTS);
		expect(batch.tables.raw_visit.ids).toEqual([event.event_id]);
		expect(batch.tables.raw_visit.lines).toHaveLength(1);
		expect(batch.rejections).toEqual([]);
		expect(batch.rejects).toEqual([]);
	});

	it('routes each family to its raw table', () => {
		const scope: KeyScope = {
			kind: 'channel',
			keyId: 'k',
			channel: 'all',
			families: ['registration', 'visit', 'stock', 'coldchain', 'verification']
		};
		const place = { province: '79', facility_id: 'S-79-001' };
		const batch = prepareBatch(
			[
				submitted(place),
				injected(place),
				stockCounted(place),
				reading(place),
				{ event_id: uuid(), type: 'record.verified', occurred_at: '2021-08-10T09:00:00+07:00', visit_id: 'V-1', ...place }
			],
			scope,
			OPTS
		);
		expect(batch.rejections).toEqual([]);
		expect(Object.keys(batch.tables).sort()).toEqual(['raw_coldchain', 'raw_registration', 'raw_stock', 'raw_verification', 'raw_visit']);
		expect(rowsOf(batch, 'raw_registration')[0].type).toBe('registration.submitted');
		expect(rowsOf(batch, 'raw_visit')[0].type).toBe('visit.injected');
		expect(rowsOf(batch, 'raw_stock')[0].type).toBe('stock.counted');
		expect(rowsOf(batch, 'raw_coldchain')[0].type).toBe('coldchain.reading');
		expect(rowsOf(batch, 'raw_verification')[0].type).toBe('record.verified');
		expect(batch.accepted).toBe(5);
	});

	it('copies plain fields and turns slot_start and to_facility into row columns', () => {
		const scope: KeyScope = { kind: 'channel', keyId: 'k', channel: 'all', families: ['registration', 'stock'] };
		const batch = prepareBatch(
			[
				{
					event_id: uuid(),
					type: 'registration.scheduled',
					occurred_at: '2021-08-09T08:00:00+07:00',
					province: '79',
					registration_id: 'R-1',
					site_id: 'S-79-001',
					slot_start: '2021-08-11T08:00:00+07:00',
					dose_number: 2
				},
				{
					event_id: uuid(),
					type: 'stock.issued',
					occurred_at: '2021-08-09T08:00:00+07:00',
					province: '79',
					facility_id: 'W-79',
					vaccine: 'AZ',
					lot_number: 'A-1',
					expiry_date: '2021-11-30',
					doses: 200,
					to_facility: 'S-79-001'
				}
			],
			scope,
			OPTS
		);
		const [reg] = rowsOf(batch, 'raw_registration');
		expect(reg.slot_start).toBe(`${Date.UTC(2021, 7, 11, 1) / 1000}.000`);
		expect(reg.site_id).toBe('S-79-001');
		expect(reg.dose_number).toBe(2);
		expect(reg.schema_version).toBe(1);
		const [stock] = rowsOf(batch, 'raw_stock');
		expect(stock.counterpart_facility).toBe('S-79-001');
		expect(stock.doses).toBe(200);
		expect(stock).not.toHaveProperty('to_facility');
	});

	it('never writes a citizen_id: rows carry citizen_hash = citizenHash(secret, id)', () => {
		const bad = injected({ dose_number: 9 });
		const batch = prepareBatch([injected(), submitted({ province: '79' }), bad], FACILITY, OPTS);
		// registration.submitted from a facility key is accepted (no family restriction for facility keys).
		expect(batch.rejections).toHaveLength(1);
		for (const line of allLines(batch)) {
			expect(line).not.toContain(CITIZEN);
		}
		// The only citizen_id left anywhere is the redacted one of the reject payload.
		expect(JSON.parse(JSON.parse(batch.rejects[0]).payload).citizen_id).toBe('[redacted]');
		for (const t of Object.values(batch.tables)) for (const line of t.lines) expect(JSON.parse(line)).not.toHaveProperty('citizen_id');
		const [row] = rowsOf(batch, 'raw_visit');
		expect(row.citizen_hash).toBe(citizenHash(OPTS.secret, CITIZEN));
		expect(row.citizen_hash).toMatch(/^[0-9a-f]{32}$/);
		expect(rowsOf(batch, 'raw_registration')[0].citizen_hash).toBe(row.citizen_hash);
	});

	it('the same id gives the same hash; another secret or id another hash', () => {
		const a = citizenHash(OPTS.secret, CITIZEN);
		expect(citizenHash(OPTS.secret, CITIZEN)).toBe(a);
		expect(citizenHash('t'.repeat(32), CITIZEN)).not.toBe(a);
		expect(citizenHash(OPTS.secret, '079201001235')).not.toBe(a);

		const other = prepareBatch([injected()], FACILITY, { ...OPTS, secret: 't'.repeat(32) });
		expect(rowsOf(other, 'raw_visit')[0].citizen_hash).toBe(citizenHash('t'.repeat(32), CITIZEN));
		expect(rowsOf(other, 'raw_visit')[0].citizen_hash).not.toBe(a);
	});

	it('reject payloads redact a 12-digit number even in a wrong field', () => {
		const batch = prepareBatch([injected({ lot_number: CITIZEN, citizen_id: '12345', table_no: 200 })], FACILITY, OPTS);
		expect(batch.rejects).toHaveLength(1);
		const reject = JSON.parse(batch.rejects[0]);
		const payload = JSON.parse(reject.payload);
		expect(payload.lot_number).toBe('[redacted]');
		expect(payload.citizen_id).toBe('[redacted]');
		expect(payload.visit_id).toBe('V-1');
		expect(batch.rejects[0]).not.toContain(CITIZEN);
		expect(batch.rejects[0]).not.toContain('12345');
	});

	it('a citizen id sent as event_id, type or an unknown key is not kept in the reject line', () => {
		const inputs = [
			injected({ event_id: CITIZEN }),
			{ ...injected(), type: CITIZEN },
			injected({ [CITIZEN]: true })
		];
		const batch = prepareBatch(inputs, FACILITY, OPTS);
		expect(batch.rejects).toHaveLength(3);
		for (const line of batch.rejects) expect(line).not.toContain(CITIZEN);
		expect(JSON.parse(batch.rejects[0]).event_id).toBe('[redacted]');
		expect(JSON.parse(batch.rejects[1]).type).toBe('[redacted]');
		expect(JSON.parse(batch.rejects[2]).errors[0].path).toBe('[redacted]');
	});

	it('keeps a valid event_id in the reject line even when its last group is all digits', () => {
		const event = injected({ event_id: '3f1c2a4e-8b7d-4c2a-9e1f-123456789012', dose_number: 9 });
		const batch = prepareBatch([event], FACILITY, OPTS);
		expect(JSON.parse(batch.rejects[0]).event_id).toBe(event.event_id);
		expect(batch.rejections[0].event_id).toBe(event.event_id);
	});

	it('reports minOccurredAt, maxOccurredAt and sorted provinces of accepted events only', () => {
		const scope: KeyScope = { kind: 'channel', keyId: 'k', channel: 'all', families: ['registration'] };
		const batch = prepareBatch(
			[
				submitted({ province: '79', occurred_at: '2021-08-09T08:00:00+07:00' }),
				submitted({ province: '01', occurred_at: '2021-08-10T09:00:00+07:00' }),
				submitted({ province: '48', occurred_at: '2021-08-01T00:00:00Z' }),
				// Rejected: its time and province do not count.
				submitted({ province: '31', occurred_at: '2021-07-01T00:00:00Z', birth_year: 1800 })
			],
			scope,
			OPTS
		);
		expect(batch.accepted).toBe(3);
		expect(batch.minOccurredAt).toBe(Date.parse('2021-08-01T00:00:00Z'));
		expect(batch.maxOccurredAt).toBe(Date.parse('2021-08-10T09:00:00+07:00'));
		expect(batch.provinces).toEqual(['01', '48', '79']);
	});

	it('an empty or all-rejected batch has no rows and infinite bounds', () => {
		const batch = prepareBatch([injected({ dose_number: 0 })], FACILITY, OPTS);
		expect(batch.accepted).toBe(0);
		expect(batch.tables).toEqual({});
		expect(batch.provinces).toEqual([]);
		expect(batch.minOccurredAt).toBe(Number.POSITIVE_INFINITY);
		expect(batch.maxOccurredAt).toBe(Number.NEGATIVE_INFINITY);
	});

	it('rejects an UnparsableLine with its message and a redacted payload', () => {
		const text = `{"citizen_id": "${CITIZEN}", oops`;
		const line = new UnparsableLine(text, 'line is not valid JSON: Unexpected token o');
		const good = injected();
		const batch = prepareBatch([good, line], FACILITY, OPTS);
		expect(batch.accepted).toBe(1);
		expect(batch.rejections).toEqual([{ index: 1, event_id: null, errors: [{ path: '', message: 'line is not valid JSON: Unexpected token o' }] }]);
		const reject = JSON.parse(batch.rejects[0]);
		expect(reject.errors).toEqual([{ path: '', message: 'line is not valid JSON: Unexpected token o' }]);
		expect(reject.event_id).toBe('');
		expect(reject.type).toBe('');
		expect(reject.payload).toContain('oops');
		expect(batch.rejects[0]).not.toContain(CITIZEN);
	});

	it('rejects a non-object item at its index', () => {
		const batch = prepareBatch([injected(), 42, null], FACILITY, OPTS);
		expect(batch.accepted).toBe(1);
		expect(batch.rejections.map((r) => [r.index, r.event_id, r.errors[0].message])).toEqual([
			[1, null, 'must be a JSON object'],
			[2, null, 'must be a JSON object']
		]);
	});
});

describe('prepareBatch free text', () => {
	it('redacts a citizen ID typed into AEFI symptoms or a cancellation reason, and keeps the rest of the text', () => {
		const aefi = {
			event_id: uuid(),
			type: 'visit.aefi_reported',
			occurred_at: '2021-08-10T09:45:00+07:00',
			visit_id: 'V-1',
			aefi: 'mild',
			aefi_symptoms: `sốt nhẹ, CCCD ${CITIZEN}, hotline 19009095`
		};
		const batch = prepareBatch([aefi], FACILITY, OPTS);
		const [row] = rowsOf(batch, 'raw_visit');
		expect(row.aefi_symptoms).toBe('sốt nhẹ, CCCD [redacted], hotline 19009095');
		expect(allLines(batch).join('\n')).not.toContain(CITIZEN);
	});
});

describe('chTime', () => {
	it('writes Unix seconds with exactly three decimals', async () => {
		const { chTime } = await import('./rows.ts');
		expect(chTime(Date.UTC(2021, 7, 10, 3, 0, 0, 7))).toBe('1628564400.007');
		expect(chTime(Date.UTC(2021, 7, 10, 3, 0, 0, 45))).toBe('1628564400.045');
		expect(chTime(Date.UTC(2021, 7, 10, 3, 0, 0, 999))).toBe('1628564400.999');
	});
});

// Registration backlog, per-province stage counts, unscheduled registrations and no-show rate from the rollups equal
// the same answers computed from the raw events (each registration's events grouped in SQL here, staged in JS), for
// random scopes and instants of a simulated campaign, and the no-show rates of all provinces at once equal each
// province's; the simulator's backlog trouble spots and no-show rate show; and hand-made cancellations at every stage,
// and a retried job, move the per-province stage counts right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { openDataDir, tempDataDir } from '../testing/server.ts';
import { loadCampaign, TEST_SECRET } from '../testing/campaign.ts';
import { prepareBatch, type KeyScope } from '../ingest/batch.ts';
import type { Simulation, TroubleSpot } from '../../simulator/simulate.ts';
import { int, stream } from '../../simulator/random.ts';
import { NATIONAL, type Scope } from './scope.ts';
import { CLOSED_STAGES, OPEN_STAGES, registrationBacklog, type RegistrationBacklog, type Waits } from './registration-backlog.ts';
import { registrationBacklogByProvince, type ProvinceRegistrationBacklog } from './registration-backlog-by-province.ts';
import { registrationsUnscheduled, type UnscheduledInDistrict } from './registrations-unscheduled.ts';
import { noShowRate, type NoShowRate } from './no-show-rate.ts';
import { noShowRateByProvince } from './no-show-rate-by-province.ts';

const PROVINCES = ['01', '79', '48'];
const FROM = Date.parse('2021-08-02T00:00:00+07:00');
// Long enough for the second backlog trouble spot (from the 15th day) to clear within the campaign.
const TO = Date.parse('2021-08-25T00:00:00+07:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let client: ClickHouseClient;
let simulation: Simulation;
let districtOfSite: Map<string, string>;
let provinceCodes: string[];
let scopes: Scope[];
let instants: number[];

beforeAll(async () => {
	client = await openDataDir(tempDataDir());
	// Blocks of a few days: cancellations find their registration's earlier steps in the state as well as in their own insert.
	({ simulation } = await loadCampaign(client, { seed: 7, scale: 0.002, from: FROM, to: TO, provinces: PROVINCES, blockRows: 20_000 }));
	const sites = await selectRows<{ id: string; district_code: string }>(client, 'SELECT id, district_code FROM ref_facility FINAL');
	districtOfSite = new Map(sites.map((s) => [s.id, s.district_code]));
	provinceCodes = (await selectRows<{ code: string }>(client, 'SELECT code FROM ref_province FINAL ORDER BY code')).map((r) => r.code);
	// Scopes: the nation, each province, a district and a site of each that had registrations.
	const random = stream(23, 'registration scopes');
	const places = await selectRows<{ province_code: string; site_id: string }>(
		client,
		`SELECT DISTINCT province_code, site_id FROM raw_registration WHERE type = 'registration.scheduled' ORDER BY ALL`
	);
	scopes = [NATIONAL];
	for (const province of PROVINCES) {
		const mine = places.filter((p) => p.province_code === province);
		scopes.push({ level: 'province', province });
		scopes.push({ level: 'district', province, district: districtOfSite.get(mine[int(random, 0, mine.length - 1)].site_id)! });
		scopes.push({ level: 'site', province, facility: mine[int(random, 0, mine.length - 1)].site_id });
	}
	// Instants: mid-day and just after local midnight on random days, a minute boundary, the last minute of an hour, the
	// last minute, after the end, and in the next month (where the multi-grain reads take August as one month).
	instants = [];
	for (let i = 0; i < 2; i++) {
		const day = FROM + int(random, 1, 22) * DAY;
		instants.push(day + 12 * HOUR + int(random, 0, 3 * HOUR - 1), day + int(random, 0, 59_999));
	}
	instants.push(FROM + 9 * DAY + 15 * HOUR, FROM + 10 * DAY + 16 * HOUR - 1, TO - 1, TO + 5 * DAY, TO + 20 * DAY);
}, 120_000);
afterAll(async () => client?.close());

// --- the raw answer ------------------------------------------------------------------------------------------------

interface RawRegistration {
	province: string;
	id: string;
	until: number;
	submitted: number | null;
	approved: number | null;
	firstAllocated: number | null;
	allocatedDistrict: string;
	firstScheduled: number | null;
	site: string;
	slot: number | null;
	checkedIn: number | null;
	cancelled: number | null;
	noShow: number | null;
}

// Each registration's events before the end of T's minute, check-ins with its id included; latest allocation and schedule.
const RAW = `
WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of, toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until
SELECT
    province_code AS province,
    registration_id AS id,
    toUnixTimestamp64Milli(toDateTime64(until, 3, 'UTC')) AS until_ms,
    toUnixTimestamp64Milli(minIf(toNullable(occurred_at), type = 'registration.submitted')) AS submitted,
    toUnixTimestamp64Milli(minIf(toNullable(occurred_at), type = 'registration.approved')) AS approved,
    toUnixTimestamp64Milli(minIf(toNullable(occurred_at), type = 'registration.allocated')) AS firstAllocated,
    argMaxIf(district_code, occurred_at, type = 'registration.allocated') AS allocatedDistrict,
    toUnixTimestamp64Milli(minIf(toNullable(occurred_at), type = 'registration.scheduled')) AS firstScheduled,
    argMaxIf(site_id, occurred_at, type = 'registration.scheduled') AS site,
    toUnixTimestamp64Milli(argMaxIf(slot_start, occurred_at, type = 'registration.scheduled')) AS slot,
    toUnixTimestamp64Milli(minIf(toNullable(occurred_at), type = 'visit.checked_in')) AS checkedIn,
    toUnixTimestamp64Milli(minIf(toNullable(occurred_at), type = 'registration.cancelled')) AS cancelled,
    toUnixTimestamp64Milli(minIf(toNullable(occurred_at), type = 'registration.no_show')) AS noShow
FROM (
    SELECT province_code, registration_id, type, occurred_at, district_code, site_id, slot_start FROM raw_registration WHERE occurred_at < until
    UNION ALL
    SELECT province_code, registration_id, type, occurred_at, '', '', NULL FROM raw_visit
    WHERE type = 'visit.checked_in' AND registration_id != '' AND occurred_at < until
)
GROUP BY province_code, registration_id
`;

async function rawRegistrations(asOf: number): Promise<RawRegistration[]> {
	const rows = await selectRows<Record<string, string | number | null>>(client, RAW, { asOf });
	const ms = (v: string | number | null) => (v === null ? null : Number(v));
	return rows.map((r) => ({
		province: String(r.province),
		id: String(r.id),
		until: Number(r.until_ms),
		submitted: ms(r.submitted),
		approved: ms(r.approved),
		firstAllocated: ms(r.firstAllocated),
		allocatedDistrict: String(r.allocatedDistrict),
		firstScheduled: ms(r.firstScheduled),
		site: String(r.site),
		slot: ms(r.slot),
		checkedIn: ms(r.checkedIn),
		cancelled: ms(r.cancelled),
		noShow: ms(r.noShow)
	}));
}

type Stage = (typeof OPEN_STAGES)[number] | (typeof CLOSED_STAGES)[number];

/** The stage and the time it was entered: the furthest step; a check-in beats a cancellation or no-show, else the earlier of them. */
function stageOf(r: RawRegistration): { stage: Stage; entered: number } {
	if (r.checkedIn !== null) return { stage: 'vaccinated', entered: r.checkedIn };
	if (r.cancelled !== null && (r.noShow === null || r.cancelled <= r.noShow)) return { stage: 'cancelled', entered: r.cancelled };
	if (r.noShow !== null) return { stage: 'no_show', entered: r.noShow };
	if (r.firstScheduled !== null) return r.slot! < r.until ? { stage: 'slot_passed', entered: r.slot! } : { stage: 'scheduled', entered: r.firstScheduled };
	if (r.firstAllocated !== null) return { stage: 'allocated', entered: r.firstAllocated };
	if (r.approved !== null) return { stage: 'approved', entered: r.approved };
	return { stage: 'submitted', entered: r.submitted! };
}

const districtOf = (r: RawRegistration) => (r.firstAllocated !== null ? r.allocatedDistrict : r.firstScheduled !== null ? districtOfSite.get(r.site)! : '');

function inScope(r: RawRegistration, scope: Scope): boolean {
	if (scope.level === 'national') return true;
	if (r.province !== scope.province) return false;
	if (scope.level === 'district') return districtOf(r) === scope.district;
	if (scope.level === 'site') return r.firstScheduled !== null && r.site === scope.facility;
	return true;
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const at = (sorted.length - 1) / 2;
	return sorted[Math.floor(at)] + (sorted[Math.ceil(at)] - sorted[Math.floor(at)]) * (at - Math.floor(at));
}

function waitsOf(waits: number[]): Waits {
	return {
		registrations: waits.length,
		under1d: waits.filter((w) => w < DAY).length,
		from1to3d: waits.filter((w) => w >= DAY && w < 3 * DAY).length,
		from3to7d: waits.filter((w) => w >= 3 * DAY && w <= 7 * DAY).length,
		over7d: waits.filter((w) => w > 7 * DAY).length,
		medianWaitMs: median(waits)
	};
}

function expectedBacklog(regs: RawRegistration[], scope: Scope): RegistrationBacklog {
	const waits = new Map<Stage, number[]>();
	for (const r of regs.filter((r) => inScope(r, scope))) {
		const { stage, entered } = stageOf(r);
		(waits.get(stage) ?? waits.set(stage, []).get(stage)!).push(r.until - entered);
	}
	const of = (stage: Stage) => waits.get(stage) ?? [];
	return {
		stages: Object.fromEntries(OPEN_STAGES.map((s) => [s, waitsOf(of(s))])) as RegistrationBacklog['stages'],
		open: waitsOf(OPEN_STAGES.flatMap(of)),
		closed: { vaccinated: of('vaccinated').length, cancelled: of('cancelled').length, no_show: of('no_show').length }
	};
}

function expectedByProvince(regs: RawRegistration[]): ProvinceRegistrationBacklog[] {
	return provinceCodes.map((code) => {
		const counts = { submitted: 0, approved: 0, allocated: 0, scheduled: 0 };
		for (const r of regs.filter((r) => r.province === code)) {
			const { stage } = stageOf(r);
			if (stage === 'slot_passed') counts.scheduled++;
			else if (stage in counts) counts[stage as keyof typeof counts]++;
		}
		return { code, ...counts, open: counts.submitted + counts.approved + counts.allocated + counts.scheduled };
	});
}

function expectedUnscheduled(regs: RawRegistration[], scope: Scope, days: number): UnscheduledInDistrict[] {
	if (scope.level === 'site') return [];
	const byDistrict = new Map<string, UnscheduledInDistrict>();
	for (const r of regs) {
		const { stage } = stageOf(r);
		if (stage !== 'approved' && stage !== 'allocated') continue;
		const district = r.firstAllocated !== null ? r.allocatedDistrict : '';
		if (scope.level !== 'national' && r.province !== scope.province) continue;
		if (scope.level === 'district' && district !== scope.district) continue;
		const wait = r.until - Math.min(r.approved ?? Infinity, r.firstAllocated ?? Infinity);
		if (wait <= days * DAY) continue;
		const key = `${r.province}/${district}`;
		const row = byDistrict.get(key) ?? byDistrict.set(key, { provinceCode: r.province, districtCode: district, registrations: 0, awaitingAllocation: 0, oldestWaitMs: -1, oldestRegistrationId: '' }).get(key)!;
		row.registrations++;
		if (district === '') row.awaitingAllocation++;
		if (wait > row.oldestWaitMs || (wait === row.oldestWaitMs && r.id > row.oldestRegistrationId)) {
			row.oldestWaitMs = wait;
			row.oldestRegistrationId = r.id;
		}
	}
	return [...byDistrict.values()].sort((a, b) => b.registrations - a.registrations || a.provinceCode.localeCompare(b.provinceCode) || a.districtCode.localeCompare(b.districtCode));
}

const localDay = (ms: number) => new Date(ms + 7 * HOUR).toISOString().slice(0, 10);

function expectedNoShows(regs: RawRegistration[], scope: Scope, asOf: number, days: number): NoShowRate {
	const perDay = new Map<string, { due: number; noShows: number }>();
	for (const r of regs.filter((r) => inScope(r, scope))) {
		if (r.slot === null || r.slot >= r.until || (r.cancelled !== null && r.cancelled < r.slot)) continue;
		const day = localDay(r.slot);
		const c = perDay.get(day) ?? perDay.set(day, { due: 0, noShows: 0 }).get(day)!;
		c.due++;
		if (r.noShow !== null && r.checkedIn === null) c.noShows++;
	}
	const count = (day: string) => {
		const { due, noShows } = perDay.get(day) ?? { due: 0, noShows: 0 };
		return { due, noShows, rate: due > 0 ? noShows / due : null };
	};
	const shown = Array.from({ length: days }, (_, i) => localDay(asOf - (days - 1 - i) * DAY)).map((day) => ({ day, ...count(day), complete: day !== localDay(asOf) }));
	const week = Array.from({ length: 7 }, (_, i) => count(localDay(asOf - (i + 1) * DAY)));
	const due = week.reduce((a, c) => a + c.due, 0);
	const noShows = week.reduce((a, c) => a + c.noShows, 0);
	return { days: shown, sevenDay: { due, noShows, rate: due > 0 ? noShows / due : null } };
}

/** Medians interpolate in floating point: equal to the millisecond. */
function withoutMedians(b: RegistrationBacklog) {
	const strip = (w: Waits) => ({ ...w, medianWaitMs: w.medianWaitMs === null ? null : Math.round(w.medianWaitMs) });
	return { stages: Object.fromEntries(Object.entries(b.stages).map(([s, w]) => [s, strip(w)])), open: strip(b.open), closed: b.closed };
}

const label = (scope: Scope, asOf: number) => `${JSON.stringify(scope)} as of ${new Date(asOf + 7 * HOUR).toISOString().slice(0, 19)} (UTC+7)`;

// --- tests ---------------------------------------------------------------------------------------------------------

describe('rollups = raw events', () => {
	it('registrationBacklog: stages, waits and closed, for every scope and instant', async () => {
		let open = 0;
		for (const asOf of instants) {
			const regs = await rawRegistrations(asOf);
			for (const scope of scopes) {
				const expected = expectedBacklog(regs, scope);
				expect(withoutMedians(await registrationBacklog(client, scope, asOf)), label(scope, asOf)).toEqual(withoutMedians(expected));
				open += expected.open.registrations;
			}
		}
		expect(open).toBeGreaterThan(1000);
	});

	it('registrationBacklogByProvince: open stages of every province, for every instant', async () => {
		for (const asOf of [...instants, FROM, FROM + 30 * 60_000]) {
			expect(await registrationBacklogByProvince(client, asOf), label(NATIONAL, asOf)).toEqual(expectedByProvince(await rawRegistrations(asOf)));
		}
	});

	it('registrationsUnscheduled: per district over 1 and 7 days, for every scope and instant', async () => {
		let listed = 0;
		for (const asOf of instants) {
			const regs = await rawRegistrations(asOf);
			for (const scope of scopes) {
				for (const days of [1, 7]) {
					const expected = expectedUnscheduled(regs, scope, days);
					expect(await registrationsUnscheduled(client, scope, asOf, days), `${label(scope, asOf)}, ${days} d`).toEqual(expected);
					listed += expected.length;
				}
			}
		}
		expect(listed).toBeGreaterThan(20);
	});

	it('noShowRate: per day and over 7 days, for every scope and instant', async () => {
		for (const asOf of instants) {
			const regs = await rawRegistrations(asOf);
			for (const scope of scopes) expect(await noShowRate(client, scope, asOf, 10), label(scope, asOf)).toEqual(expectedNoShows(regs, scope, asOf, 10));
		}
	});

	it('noShowRateByProvince: each province as noShowRate at its scope, and together the nation, for every instant', async () => {
		// The campaign's provinces and two without registrations; the others are checked through the national sum.
		const compared = [...PROVINCES, ...provinceCodes.filter((c) => !PROVINCES.includes(c)).slice(0, 2)];
		let due = 0;
		for (const [i, asOf] of instants.entries()) {
			const days = i % 2 === 0 ? 8 : 14;
			const byProvince = await noShowRateByProvince(client, asOf, days);
			expect([...byProvince.keys()].sort(), label(NATIONAL, asOf)).toEqual(provinceCodes);
			for (const province of compared) {
				const scope: Scope = { level: 'province', province };
				expect(byProvince.get(province), label(scope, asOf)).toEqual(await noShowRate(client, scope, asOf, days));
			}
			const national = await noShowRate(client, NATIONAL, asOf, days);
			const sum = national.days.map((d, j) => [...byProvince.values()].reduce((s, r) => ({ due: s.due + r.days[j].due, noShows: s.noShows + r.days[j].noShows }), { due: 0, noShows: 0 }));
			expect(sum, label(NATIONAL, asOf)).toEqual(national.days.map((d) => ({ due: d.due, noShows: d.noShows })));
			due += national.sevenDay.due;
		}
		expect(due).toBeGreaterThan(1000);
	});
});

describe('the simulated campaign', () => {
	const backlogs = () => simulation.troubles.filter((t): t is TroubleSpot & { districtCode: string } => t.kind === 'registration_backlog');

	it('shows each registration backlog in its district after 7 days, and nowhere else', async () => {
		// The simulator schedules a backlog's registrations from its end to 30 h later: only the first approved wait > 7 d.
		expect(backlogs().length).toBe(2);
		for (const trouble of backlogs()) {
			const where = { provinceCode: trouble.provinceCode, districtCode: trouble.districtCode };
			expect(await registrationsUnscheduled(client, NATIONAL, trouble.from + 7 * DAY - HOUR)).toEqual([]);
			let seen = 0;
			for (let t = trouble.to; t <= trouble.to + 30 * HOUR; t += 3 * HOUR) {
				const rows = await registrationsUnscheduled(client, NATIONAL, t);
				for (const row of rows) expect(row).toMatchObject({ ...where, awaitingAllocation: 0 });
				seen += rows.reduce((a, r) => a + r.registrations, 0);
			}
			expect(seen).toBeGreaterThan(0);
			expect(await registrationsUnscheduled(client, NATIONAL, trouble.to + 31 * HOUR)).toEqual([]);
			// Halfway, everything over 3 days is that district's: elsewhere scheduling takes under 2 days.
			const halfway = await registrationsUnscheduled(client, NATIONAL, trouble.from + 5 * DAY, 3);
			expect(halfway).toHaveLength(1);
			expect(halfway[0]).toMatchObject(where);
			expect(halfway[0].registrations).toBeGreaterThanOrEqual(5);
			const district = await registrationsUnscheduled(client, { level: 'district', province: trouble.provinceCode, district: trouble.districtCode }, trouble.from + 5 * DAY, 3);
			expect(district).toEqual(halfway);
		}
	});

	it('has a no-show rate near 6 %', async () => {
		const { sevenDay, days } = await noShowRate(client, NATIONAL, TO + 12 * HOUR, 21);
		expect(sevenDay.due).toBeGreaterThan(500);
		expect(sevenDay.rate).toBeGreaterThan(0.04);
		expect(sevenDay.rate).toBeLessThan(0.08);
		const all = days.reduce((a, d) => ({ due: a.due + d.due, noShows: a.noShows + d.noShows }), { due: 0, noShows: 0 });
		expect(all.noShows / all.due).toBeGreaterThan(0.045);
		expect(all.noShows / all.due).toBeLessThan(0.075);
	});
});

describe('cancellations, hand-made', () => {
	let n = 0;
	const uuid = () => `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`;
	const at = (hhmm: string) => `2021-08-10T${hhmm}:00+07:00`;
	const channel: KeyScope = { kind: 'channel', keyId: 'channel:registration', channel: 'registration', families: ['registration'] };

	/** As the ingest worker inserts: a token per job and table, which a retried job repeats. */
	async function insert(events: Record<string, unknown>[], scope: KeyScope, job: string = randomUUID()): Promise<void> {
		const batch = prepareBatch(events, scope, { now: Date.now(), secret: TEST_SECRET, maxFutureSkewMs: 600_000 });
		expect(batch.rejections).toEqual([]);
		for (const [table, rows] of Object.entries(batch.tables)) {
			const result = await client.exec({
				query: `INSERT INTO ${table} FORMAT JSONEachRow`,
				values: Readable.from([rows.lines.join('\n')]),
				clickhouse_settings: { insert_deduplicate: 1, insert_deduplication_token: `${job}:${table}`, deduplicate_blocks_in_dependent_materialized_views: 1 }
			});
			result.stream.resume();
			await new Promise((r) => result.stream.on('end', r));
		}
	}

	// Cần Thơ, outside the campaign.
	const step = (type: string, id: string, hhmm: string, fields: Record<string, unknown> = {}) => ({ event_id: uuid(), type: `registration.${type}`, occurred_at: at(hhmm), province: '92', registration_id: id, ...fields });
	const submitted = (id: string, hhmm: string) => step('submitted', id, hhmm, { citizen_id: '092000000001', birth_year: 1980, priority_group: 5, channel: 'app' });

	it('leave the stage they were in, whether its steps came in the same insert or before', async () => {
		const [site] = await selectRows<{ id: string; district_code: string }>(client, "SELECT id, district_code FROM ref_facility FINAL WHERE province_code = '92' AND kind = 'site' ORDER BY id LIMIT 1");
		const upTo = (id: string, last: 'submitted' | 'approved' | 'allocated' | 'scheduled') =>
			[
				submitted(id, '08:00'),
				step('approved', id, '08:10'),
				step('allocated', id, '08:20', { district_code: site.district_code }),
				step('scheduled', id, '08:30', { site_id: site.id, slot_start: at('15:00') })
			].slice(0, ['submitted', 'approved', 'allocated', 'scheduled'].indexOf(last) + 1);
		await insert([...upTo('C1', 'submitted'), step('cancelled', 'C1', '08:30'), ...upTo('C2', 'approved'), ...upTo('C3', 'allocated'), ...upTo('C4', 'scheduled'), ...upTo('C5', 'allocated'), ...upTo('C7', 'scheduled')], channel);
		await insert(
			[step('cancelled', 'C2', '09:00'), step('cancelled', 'C3', '09:00'), step('cancelled', 'C4', '09:00'), step('scheduled', 'C5', '09:00', { site_id: site.id, slot_start: at('16:00') }), step('cancelled', 'C5', '09:30'), step('cancelled', 'C6', '09:00')],
			channel
		);
		await insert(
			[{ event_id: uuid(), type: 'visit.checked_in', occurred_at: at('15:05'), visit_id: 'V-C7', citizen_id: '092000000007', birth_year: 1990, priority_group: 5, dose_number: 1, registration_id: 'C7' }],
			{ kind: 'facility', keyId: site.id, facilityId: site.id, provinceCode: '92' }
		);
		for (const hhmm of ['08:05', '08:35', '09:05', '09:35', '15:10']) {
			const asOf = Date.parse(at(hhmm));
			const regs = await rawRegistrations(asOf);
			const province = (await registrationBacklogByProvince(client, asOf)).find((p) => p.code === '92');
			expect(province, hhmm).toEqual(expectedByProvince(regs).find((p) => p.code === '92'));
			expect(withoutMedians(await registrationBacklog(client, { level: 'province', province: '92' }, asOf)), hhmm).toEqual(withoutMedians(expectedBacklog(regs, { level: 'province', province: '92' })));
		}
		const end = await registrationBacklog(client, { level: 'province', province: '92' }, Date.parse(at('15:10')));
		expect(end.open.registrations).toBe(0);
		expect(end.closed).toEqual({ vaccinated: 1, cancelled: 6, no_show: 0 });
		expect(await registrationBacklogByProvince(client, Date.parse(at('09:05')))).toContainEqual({ code: '92', submitted: 0, approved: 0, allocated: 0, scheduled: 2, open: 2 });
	});

	it('count a retried job once (its inserts repeat their tokens)', async () => {
		const asOf = Date.parse(at('20:05'));
		const before = (await registrationBacklogByProvince(client, asOf)).find((p) => p.code === '92')!;
		await insert([submitted('R1', '20:00'), step('approved', 'R1', '20:01')], channel);
		const cancel = [step('cancelled', 'R1', '20:02')];
		for (let attempt = 0; attempt < 2; attempt++) await insert(cancel, channel, 'job-7');
		const regs = await rawRegistrations(asOf);
		expect((await registrationBacklogByProvince(client, asOf)).find((p) => p.code === '92')).toEqual(before);
		expect(withoutMedians(await registrationBacklog(client, { level: 'province', province: '92' }, asOf))).toEqual(withoutMedians(expectedBacklog(regs, { level: 'province', province: '92' })));
		expect((await registrationBacklog(client, { level: 'province', province: '92' }, asOf)).closed.cancelled).toBe(7);
	});
});

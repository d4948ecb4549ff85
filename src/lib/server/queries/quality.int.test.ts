// The data-quality queries from their rollups equal the same answers computed from the raw events, for random scopes
// and instants of a simulated campaign (all 63 provinces, so that a few of its ~100 sites work offline), their answers
// for all provinces at once equal each province's, and they find what was put there on purpose: the simulator's silent
// site, hand-made duplicate and early doses, a burst of doses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { openDataDir, tempDataDir } from '../testing/server.ts';
import { loadCampaign } from '../testing/campaign.ts';
import { injectedEvent, loadEvents } from '../testing/rows.ts';
import { chTime } from '../ingest/rows.ts';
import { VERIFICATION_REJECT_REASONS } from '../../events/contract.ts';
import type { TroubleSpot } from '../../simulator/simulate.ts';
import { stream, int } from '../../simulator/random.ts';
import { scopeParams, type Scope } from './scope.ts';
import { verificationStatus } from './verification-status.ts';
import { verificationStatusByProvince } from './verification-status-by-province.ts';
import { duplicateFirstDoses } from './duplicate-first-doses.ts';
import { duplicateFirstDosesByProvince } from './duplicate-first-doses-by-province.ts';
import { earlySecondDoses } from './early-second-doses.ts';
import { earlySecondDosesByProvince } from './early-second-doses-by-province.ts';
import { FAMILIES, lateReportedShare, type LatenessThreshold } from './late-reported-share.ts';
import { silentSites } from './silent-sites.ts';
import { impossibleRates } from './impossible-rates.ts';

const FROM = Date.parse('2021-08-02T00:00:00+07:00');
const TO = Date.parse('2021-08-23T00:00:00+07:00');
const MINUTE = 60_000;
const at = (local: string) => Date.parse(`${local}+07:00`);

let client: ClickHouseClient;
let scopes: Scope[];
let instants: number[];
let silentTroubles: TroubleSpot[];
/** A site with one injection table that gave no dose in the campaign: the burst of doses goes there. */
let burstSite: { id: string; province_code: string };

// Hand-made people (citizen IDs the simulator does not issue): a duplicate first dose at two sites' placeholders,
// a second dose 17 days after the first (AstraZeneca: 28 at least), one exactly at the minimum (Vero Cell: 21).
const DUPLICATE = [
	{ ...injectedEvent('2021-08-09T09:00:00+07:00'), citizen_id: '000000000101', vaccine: 'AZ' },
	{ ...injectedEvent('2021-08-12T15:00:30+07:00'), citizen_id: '000000000101', vaccine: 'PFIZER' }
];
const EARLY = [
	{ ...injectedEvent('2021-08-03T09:00:00+07:00'), citizen_id: '000000000102' },
	{ ...injectedEvent('2021-08-20T10:00:00+07:00'), citizen_id: '000000000102', dose_number: 2 }
];
const ON_TIME = [
	{ ...injectedEvent('2021-07-31T09:00:00+07:00'), citizen_id: '000000000103', vaccine: 'SINOPHARM' },
	{ ...injectedEvent('2021-08-21T08:00:00+07:00'), citizen_id: '000000000103', vaccine: 'SINOPHARM', dose_number: 2 }
];
const BURST_START = at('2021-08-17T10:00:00');
// Checks after the campaign's end, when its own records no longer change: EARLY's second dose rejected twice, then
// verified; ON_TIME's verified, then rejected; a check of a visit the MCC never saw.
let n = 0;
const check = (visit: string, occurred: string, reason?: string) => ({
	event_id: `00000000-0000-4000-a000-${String(++n).padStart(12, '0')}`,
	type: reason ? 'record.rejected' : 'record.verified',
	occurred_at: `${occurred}+07:00`,
	visit_id: visit,
	...(reason ? { reason } : {})
});
const CHECKS = [
	check(EARLY[1].visit_id, '2021-08-24T09:00:00', 'name_mismatch'),
	check(EARLY[1].visit_id, '2021-08-24T12:00:00', 'dob_mismatch'),
	check(EARLY[1].visit_id, '2021-08-25T09:00:00'),
	check(ON_TIME[1].visit_id, '2021-08-24T10:00:00'),
	check(ON_TIME[1].visit_id, '2021-08-25T10:00:00', 'other'),
	check('V-NEVER-SEEN', '2021-08-24T11:00:00')
];

beforeAll(async () => {
	client = await openDataDir(tempDataDir());
	const { simulation } = await loadCampaign(client, { seed: 7, scale: 0.002, from: FROM, to: TO });
	silentTroubles = simulation.troubles.filter((t) => t.kind === 'silent_site');
	await loadEvents(client, DUPLICATE.slice(0, 1), '01');
	await loadEvents(client, DUPLICATE.slice(1), '79');
	await loadEvents(client, [...EARLY, ...ON_TIME, ...CHECKS], '48');
	[burstSite] = await selectRows<{ id: string; province_code: string }>(
		client,
		`SELECT id, province_code FROM ref_facility FINAL WHERE kind = 'site' AND tables = 1
		   AND id NOT IN (SELECT facility_id FROM raw_visit) ORDER BY id LIMIT 1`
	);
	// 60 doses in an hour at one table, received as they happen.
	await client.insert({
		table: 'raw_visit',
		format: 'JSONEachRow',
		values: Array.from({ length: 60 }, (_, i) => ({
			event_id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
			type: 'visit.injected',
			occurred_at: chTime(BURST_START + i * MINUTE),
			ingested_at: chTime(BURST_START + i * MINUTE),
			province_code: burstSite.province_code,
			facility_id: burstSite.id,
			visit_id: `BURST-${i}`,
			citizen_hash: `burst${i}`,
			vaccine: 'AZ',
			lot_number: 'L1',
			dose_number: 1,
			table_no: 1
		}))
	});

	// Scopes: the nation; Hà Nội and TP HCM, each with a random district and site (of those that gave doses).
	const random = stream(13, 'quality scopes');
	const places = await selectRows<{ province_code: string; district_code: string; facility_id: string }>(
		client,
		`SELECT DISTINCT v.province_code, f.district_code, v.facility_id FROM raw_visit v JOIN ref_facility f ON f.id = v.facility_id
		 WHERE v.type = 'visit.injected' ORDER BY ALL`
	);
	scopes = [{ level: 'national' }];
	for (const province of ['01', '79']) {
		const mine = places.filter((p) => p.province_code === province);
		const site = mine[int(random, 0, mine.length - 1)];
		const district = mine[int(random, 0, mine.length - 1)].district_code;
		scopes.push({ level: 'province', province }, { level: 'district', province, district }, { level: 'site', province, facility: site.facility_id });
	}
	// Instants: random ones, random ones in session hours, after the duplicate, during the burst, after the end.
	const day = () => FROM + int(random, 0, 20) * 86_400_000;
	instants = [
		...Array.from({ length: 2 }, () => FROM + Math.floor(random() * (TO - FROM))),
		...Array.from({ length: 2 }, () => day() + int(random, 7.5 * 60, 17 * 60 - 1) * MINUTE + int(random, 0, 59_999)),
		at('2021-08-12T15:00:00'),
		at('2021-08-17T10:45:10'),
		TO + 3_600_000
	];
}, 120_000);
afterAll(async () => client?.close());

const AS_OF = `WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of, toStartOfMinute(as_of) AS as_of_minute,
	as_of_minute + INTERVAL 1 MINUTE AS until, toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day,
	toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start`;
const inScope = (prefix = '') => `({province:String} = '' OR ${prefix}province_code = {province:String})
	AND ({facility:String} = '' OR ${prefix}facility_id = {facility:String})
	AND ({district:String} = '' OR ${prefix}facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))`;
const label = (scope: Scope, asOf: number) => `${JSON.stringify(scope)} @ ${new Date(asOf).toISOString()}`;

async function eachScopeAndInstant(check: (scope: Scope, asOf: number) => Promise<void>): Promise<void> {
	for (const scope of scopes) for (const asOf of instants) await check(scope, asOf);
}

describe('rollups = raw events', () => {
	it('verification status: verified from a record’s first verification, else rejected from its first rejection', async () => {
		await eachScopeAndInstant(async (scope, asOf) => {
			const rows = await selectRows<{ has_dose: number; outcome: string; reason: string; n: string }>(client, `${AS_OF}
				SELECT d.has_dose AS has_dose, multiIf(c.verified, 'verified', c.rejected, 'rejected', '') AS outcome,
				       if(outcome = 'rejected', c.first_reason, '') AS reason, count() AS n
				FROM (SELECT province_code, visit_id, 1 AS has_dose, any(facility_id) AS facility_id FROM raw_visit
				      WHERE type = 'visit.injected' AND occurred_at < until GROUP BY province_code, visit_id) AS d
				FULL JOIN (SELECT province_code, visit_id, countIf(type = 'record.verified') > 0 AS verified, countIf(type = 'record.rejected') > 0 AS rejected,
				                  argMinIf(reason, occurred_at, type = 'record.rejected') AS first_reason
				           FROM raw_verification WHERE occurred_at < until GROUP BY province_code, visit_id) AS c
				USING (province_code, visit_id)
				WHERE ({province:String} = '' OR province_code = {province:String})
				  AND ({facility:String} = '' OR d.facility_id = {facility:String})
				  AND ({district:String} = '' OR d.facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
				GROUP BY ALL`, { ...scopeParams(scope), asOf });
			const want = { records: 0, verified: 0, rejected: 0, rejectedByReason: {} as Record<string, number>, notChecked: 0, checkedWithoutDose: 0 };
			for (const r of rows) {
				const n = Number(r.n);
				if (!Number(r.has_dose)) want.checkedWithoutDose += n;
				else if (r.outcome === 'verified') want.verified += n;
				else if (r.outcome === 'rejected') {
					want.rejected += n;
					want.rejectedByReason[r.reason] = (want.rejectedByReason[r.reason] ?? 0) + n;
				} else want.notChecked += n;
			}
			want.records = want.verified + want.rejected + want.notChecked;
			const got = await verificationStatus(client, scope, asOf);
			expect(got, label(scope, asOf)).toMatchObject(want);
			if (want.records > 0) expect(got.verifiedShare).toBeCloseTo(want.verified / want.records, 12);
			else expect(got.verifiedShare).toBeNull();
		});
		// The simulator verifies ~96 % of records within days and rejects ~2 % (most verified later); at its end the
		// last days' records are still waiting.
		const atEnd = await verificationStatus(client, { level: 'national' }, TO);
		expect(atEnd.verifiedShare).toBeGreaterThan(0.7);
		expect(atEnd.rejectedShare).toBeGreaterThan(0);
		expect(atEnd.rejectedShare).toBeLessThan(0.05);
		expect(Object.keys(atEnd.rejectedByReason).every((r) => (VERIFICATION_REJECT_REASONS as readonly string[]).includes(r))).toBe(true);
	}, 60_000);

	it('duplicate first doses', async () => {
		await eachScopeAndInstant(async (scope, asOf) => {
			const rows = await selectRows<{ citizen_hash: string; doses: [string, string, string, string, string][] }>(client, `${AS_OF}
				SELECT citizen_hash, arraySort(groupArray((toUnixTimestamp64Milli(occurred_at), toString(vaccine), toString(province_code), facility_id, visit_id))) AS doses
				FROM raw_visit WHERE type = 'visit.injected' AND dose_number = 1 AND occurred_at < until
				GROUP BY citizen_hash HAVING count() > 1 AND countIf(${inScope()}) > 0
				ORDER BY doses[-1].1 DESC, citizen_hash`, { ...scopeParams(scope), asOf });
			const got = await duplicateFirstDoses(client, scope, asOf, 1000);
			expect(got, label(scope, asOf)).toEqual({
				people: rows.length,
				extraDoses: rows.reduce((s, r) => s + r.doses.length - 1, 0),
				list: rows.map((r) => ({
					citizenHash: r.citizen_hash,
					firstDoses: r.doses.map(([at, vaccine, provinceCode, facilityId, visitId]) => ({ at: Number(at), vaccine, provinceCode, facilityId, visitId }))
				}))
			});
		});
	}, 60_000);

	it('early second doses: the earliest second dose against the earliest first', async () => {
		await eachScopeAndInstant(async (scope, asOf) => {
			const rows = await selectRows<{ citizen_hash: string; first_visit: string; second_visit: string; interval_days: number; min_days: number }>(client, `${AS_OF}
				SELECT citizen_hash, f.first.2 AS first_visit, s.second.2 AS second_visit,
				       dateDiff('day', toDate(f.first.1, 'Asia/Ho_Chi_Minh'), toDate(s.second.1, 'Asia/Ho_Chi_Minh')) AS interval_days,
				       v.min_interval_days AS min_days
				FROM (SELECT citizen_hash, min((occurred_at, visit_id, toString(vaccine), toString(province_code), facility_id)) AS second
				      FROM raw_visit WHERE type = 'visit.injected' AND dose_number = 2 AND occurred_at < until GROUP BY citizen_hash) AS s
				JOIN (SELECT citizen_hash, min((occurred_at, visit_id)) AS first
				      FROM raw_visit WHERE type = 'visit.injected' AND dose_number = 1 AND occurred_at < until GROUP BY citizen_hash) AS f USING (citizen_hash)
				LEFT JOIN (SELECT code, min_interval_days FROM ref_vaccine FINAL) AS v ON v.code = s.second.3
				WHERE interval_days < min_days
				  AND ({province:String} = '' OR s.second.4 = {province:String}) AND ({facility:String} = '' OR s.second.5 = {facility:String})
				  AND ({district:String} = '' OR s.second.5 IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))
				ORDER BY s.second.1 DESC, citizen_hash`, { ...scopeParams(scope), asOf });
			const got = await earlySecondDoses(client, scope, asOf, 1000);
			expect(got.people, label(scope, asOf)).toBe(rows.length);
			expect(got.list.map((e) => [e.citizenHash, e.firstDose.visitId, e.secondDose.visitId, e.intervalDays, e.minIntervalDays])).toEqual(
				rows.map((r) => [r.citizen_hash, r.first_visit, r.second_visit, Number(r.interval_days), Number(r.min_days)])
			);
		});
	}, 60_000);

	it('late-reported share per day and family, for several thresholds', async () => {
		const thresholds = [60, 5, 240, 1440] as const;
		let i = 0;
		await eachScopeAndInstant(async (scope, asOf) => {
			const lateMinutes = thresholds[i++ % thresholds.length];
			const rows = await selectRows<{ day: string; family: string; events: string; late: string }>(client, `${AS_OF}
				SELECT toString(toDate(occurred_at, 'Asia/Ho_Chi_Minh')) AS day, family, count() AS events,
				       countIf(toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(occurred_at) > {lateMinutes:UInt32} * 60000) AS late
				FROM (SELECT 'registration' AS family, occurred_at, ingested_at, province_code, facility_id FROM raw_registration
				      UNION ALL SELECT 'visit', occurred_at, ingested_at, province_code, facility_id FROM raw_visit
				      UNION ALL SELECT 'stock', occurred_at, ingested_at, province_code, facility_id FROM raw_stock
				      UNION ALL SELECT 'coldchain', occurred_at, ingested_at, province_code, facility_id FROM raw_coldchain
				      UNION ALL SELECT 'verification', occurred_at, ingested_at, province_code, facility_id FROM raw_verification)
				WHERE occurred_at < until AND toDate(occurred_at, 'Asia/Ho_Chi_Minh') > as_of_day - 5 AND ${inScope()}
				GROUP BY day, family ORDER BY day, family`, { ...scopeParams(scope), asOf, lateMinutes });
			const got = await lateReportedShare(client, scope, asOf, lateMinutes, 5);
			expect(got).toHaveLength(5);
			const flat = got.flatMap((d) => FAMILIES.filter((f) => d.byFamily[f].events > 0).map((f) => ({ day: d.day, family: f, events: d.byFamily[f].events, late: d.byFamily[f].late })));
			const want = rows.map((r) => ({ day: r.day, family: r.family, events: Number(r.events), late: Number(r.late) }));
			const order = (a: { day: string; family: string }, b: { day: string; family: string }) => (a.day + a.family < b.day + b.family ? -1 : 1);
			expect(flat.sort(order), `${label(scope, asOf)} > ${lateMinutes} min`).toEqual(want.sort(order));
			for (const d of got) expect(d.events).toBe(FAMILIES.reduce((s, f) => s + d.byFamily[f].events, 0));
		});
		await expect(lateReportedShare(client, { level: 'national' }, TO, Number('45') as LatenessThreshold)).rejects.toThrow(/must be one of/);
	}, 60_000);

	it('silent sites as seen at the instant', async () => {
		let i = 0;
		await eachScopeAndInstant(async (scope, asOf) => {
			{
				const silentMinutes = i++ % 2 === 0 ? 30 : 10;
				// In session 07:30–17:00 local; received before the end of the instant's minute; silent since before T − N minutes.
				const rows = await selectRows<{ facility_id: string; last: string; checked_in: string }>(client, `${AS_OF}
					SELECT facility_id, max(toStartOfMinute(occurred_at)) AS last_minute, toUnixTimestamp(last_minute) * 1000 AS last,
					       countIf(type = 'visit.checked_in') AS checked_in
					FROM raw_visit
					WHERE occurred_at >= day_start AND occurred_at < until AND ingested_at < until AND ${inScope()}
					  AND as_of_minute >= day_start + INTERVAL 450 MINUTE AND as_of_minute < day_start + INTERVAL 1020 MINUTE
					GROUP BY facility_id
					HAVING checked_in > 0 AND last_minute < as_of_minute - toIntervalMinute({silentMinutes:UInt16})
					ORDER BY last, facility_id`, { ...scopeParams(scope), asOf, silentMinutes });
				const got = await silentSites(client, scope, asOf, { silentMinutes });
				expect(got.map((s) => [s.facilityId, s.lastEventAt, s.checkedIn]), label(scope, asOf)).toEqual(rows.map((r) => [r.facility_id, Number(r.last), Number(r.checked_in)]));
				for (const s of got) expect(s.silentMinutes).toBe(Math.floor(asOf / MINUTE) - s.lastEventAt / MINUTE);
			}
		});
	}, 60_000);

	it('impossible rates', async () => {
		let i = 0;
		await eachScopeAndInstant(async (scope, asOf) => {
			{
				const max = i++ % 2 === 0 ? 40 : 1.5;
				const rows = await selectRows<{ facility_id: string; hour: string; doses: string; tables: number }>(client, `${AS_OF}
					SELECT s.facility_id AS facility_id, s.hour AS hour, s.doses AS doses, f.tables AS tables
					FROM (SELECT facility_id, toUnixTimestamp(toStartOfHour(occurred_at, 'Asia/Ho_Chi_Minh')) * 1000 AS hour, count() AS doses
					      FROM raw_visit WHERE type = 'visit.injected' AND occurred_at >= day_start AND occurred_at < until AND ${inScope()}
					      GROUP BY facility_id, hour) AS s
					LEFT JOIN (SELECT id, tables FROM ref_facility FINAL) AS f ON f.id = s.facility_id
					WHERE s.doses / f.tables > {max:Float64}`, { ...scopeParams(scope), asOf, max });
				const got = await impossibleRates(client, scope, asOf, max);
				expect(got.map((r) => [r.facilityId, String(r.hour), r.doses, r.tables]).sort(), label(scope, asOf)).toEqual(
					rows.map((r) => [r.facility_id, String(r.hour), Number(r.doses), Number(r.tables)]).sort()
				);
				for (let i = 1; i < got.length; i++) expect((got[i - 1].dosesPerTable ?? Infinity) >= (got[i].dosesPerTable ?? Infinity)).toBe(true);
			}
		});
	}, 60_000);
});

describe('all provinces at once = each province', () => {
	// The hand-made people's, the burst's and two random provinces, and every province with a duplicate or early dose;
	// the others are checked through the national answer (records are each in one province, as early second doses).
	let compared: string[];
	let provinceCodes: string[];
	beforeAll(async () => {
		provinceCodes = (await selectRows<{ code: string }>(client, 'SELECT code FROM ref_province FINAL ORDER BY code')).map((r) => r.code);
		const random = stream(17, 'quality provinces');
		compared = [...new Set(['01', '79', '48', burstSite.province_code, ...[0, 1].map(() => provinceCodes[int(random, 0, provinceCodes.length - 1)])])];
	});
	const sum = <T extends object>(values: Iterable<T>, keys: (keyof T)[]) => {
		const all = [...values];
		return Object.fromEntries(keys.map((k) => [k, all.reduce((s, v) => s + (v[k] as number), 0)]));
	};

	it('verificationStatusByProvince', async () => {
		for (const asOf of instants) {
			const byProvince = await verificationStatusByProvince(client, asOf);
			expect([...byProvince.keys()].sort()).toEqual(provinceCodes);
			for (const province of compared) {
				const scope: Scope = { level: 'province', province };
				expect(byProvince.get(province), label(scope, asOf)).toEqual(await verificationStatus(client, scope, asOf));
			}
			const keys = ['records', 'verified', 'rejected', 'notChecked', 'checkedWithoutDose'] as const;
			expect(sum(byProvince.values(), [...keys]), label({ level: 'national' }, asOf)).toEqual(sum([await verificationStatus(client, { level: 'national' }, asOf)], [...keys]));
		}
	});

	it('duplicateFirstDosesByProvince and earlySecondDosesByProvince', async () => {
		let found = 0;
		for (const asOf of instants) {
			const duplicates = await duplicateFirstDosesByProvince(client, asOf);
			const early = await earlySecondDosesByProvince(client, asOf);
			expect([...duplicates.keys()].sort()).toEqual(provinceCodes);
			expect([...early.keys()].sort()).toEqual(provinceCodes);
			const listed = new Set([...compared, ...provinceCodes.filter((c) => duplicates.get(c)!.people > 0 || early.get(c)!.people > 0)]);
			for (const province of listed) {
				const scope: Scope = { level: 'province', province };
				const { people, extraDoses } = await duplicateFirstDoses(client, scope, asOf, 1);
				expect(duplicates.get(province), label(scope, asOf)).toEqual({ people, extraDoses });
				expect(early.get(province), label(scope, asOf)).toEqual({ people: (await earlySecondDoses(client, scope, asOf, 1)).people });
				found += people + early.get(province)!.people;
			}
			expect(sum(early.values(), ['people']), label({ level: 'national' }, asOf)).toEqual({ people: (await earlySecondDoses(client, { level: 'national' }, asOf, 1)).people });
		}
		expect(found).toBeGreaterThan(0);
	});
});

describe('what was put there on purpose', () => {
	it('lists the simulated silent site during its silence, as seen then, and not before or after', async () => {
		let seen = 0;
		for (const trouble of silentTroubles) {
			const site = trouble.facilityId!;
			const scope: Scope = { level: 'site', province: trouble.provinceCode, facility: site };
			// Only a site whose morning arrived live looked open: an offline day (~2 % of site-days) arrives all in the evening.
			const [morning] = await selectRows<{ n: string }>(client, `SELECT count() AS n FROM raw_visit
				WHERE facility_id = {site:String} AND type = 'visit.checked_in' AND occurred_at >= fromUnixTimestamp64Milli({from:Int64}) - INTERVAL 2 HOUR
				  AND ingested_at < fromUnixTimestamp64Milli({from:Int64})`, { site, from: trouble.from });
			if (Number(morning.n) === 0) continue;
			seen++;
			for (const asOf of [trouble.from + 32 * MINUTE, (trouble.from + trouble.to) / 2, trouble.to - MINUTE]) {
				const listed = await silentSites(client, scope, asOf);
				expect(listed.map((s) => s.facilityId), `${site} @ ${new Date(asOf).toISOString()}`).toEqual([site]);
				expect(listed[0].silentMinutes).toBeGreaterThanOrEqual(Math.floor((asOf - trouble.from) / MINUTE));
				expect((await silentSites(client, { level: 'province', province: trouble.provinceCode }, asOf)).map((s) => s.facilityId)).toContain(site);
				// By event time the site was busy all along: its held events arrived after the silence and fill the gap.
				const [held] = await selectRows<{ n: string }>(client, `SELECT count() AS n FROM raw_visit
					WHERE facility_id = {site:String} AND occurred_at >= fromUnixTimestamp64Milli({from:Int64}) AND occurred_at < fromUnixTimestamp64Milli({asOf:Int64})
					  AND ingested_at >= fromUnixTimestamp64Milli({to:Int64})`, { site, from: trouble.from, to: trouble.to, asOf });
				expect(Number(held.n)).toBeGreaterThan(0);
			}
			for (const asOf of [trouble.from - MINUTE, trouble.to + 20 * MINUTE]) {
				expect(await silentSites(client, scope, asOf), `${site} @ ${new Date(asOf).toISOString()}`).toEqual([]);
			}
		}
		expect(seen).toBeGreaterThan(0);
	});

	it('counts the hand-made checks: the first rejection until verified, verified for good, a check of no dose apart', async () => {
		const scope: Scope = { level: 'province', province: '48' };
		const before = await verificationStatus(client, scope, TO + 3_600_000);
		const rejected = await verificationStatus(client, scope, at('2021-08-24T13:00:00'));
		expect(rejected).toMatchObject({
			records: before.records,
			verified: before.verified + 1,
			rejected: before.rejected + 1,
			rejectedByReason: { ...before.rejectedByReason, name_mismatch: (before.rejectedByReason.name_mismatch ?? 0) + 1 },
			notChecked: before.notChecked - 2,
			checkedWithoutDose: before.checkedWithoutDose + 1
		});
		expect(await verificationStatus(client, scope, at('2021-08-25T11:00:00'))).toMatchObject({
			verified: before.verified + 2,
			rejected: before.rejected,
			rejectedByReason: before.rejectedByReason,
			notChecked: before.notChecked - 2
		});
		// The check of no dose names no site.
		expect((await verificationStatus(client, { level: 'site', province: '48', facility: 'S-48' }, at('2021-08-25T11:00:00'))).checkedWithoutDose).toBe(0);
	});

	it('finds the hand-made duplicate first dose once both are given, at both sites', async () => {
		const afterBoth = at('2021-08-12T15:00:00');
		for (const scope of [{ level: 'national' }, { level: 'province', province: '01' }, { level: 'province', province: '79' }] as Scope[]) {
			const got = await duplicateFirstDoses(client, scope, afterBoth);
			const person = got.list.find((p) => p.firstDoses.some((d) => d.visitId === DUPLICATE[0].visit_id));
			expect(person?.firstDoses.map((d) => [d.visitId, d.provinceCode, d.vaccine, d.at])).toEqual([
				[DUPLICATE[0].visit_id, '01', 'AZ', Date.parse(DUPLICATE[0].occurred_at)],
				[DUPLICATE[1].visit_id, '79', 'PFIZER', Date.parse(DUPLICATE[1].occurred_at)]
			]);
		}
		const before = await duplicateFirstDoses(client, { level: 'national' }, at('2021-08-12T14:59:59'));
		expect(before.list.some((p) => p.firstDoses.some((d) => d.visitId === DUPLICATE[0].visit_id))).toBe(false);
		expect((await duplicateFirstDoses(client, { level: 'province', province: '48' }, afterBoth)).list).toEqual([]);
	});

	it('finds the hand-made early second dose, and not the one at the minimum interval', async () => {
		const got = await earlySecondDoses(client, { level: 'province', province: '48' }, TO);
		expect(got.list.map((e) => [e.firstDose.visitId, e.secondDose.visitId, e.intervalDays, e.minIntervalDays])).toEqual([[EARLY[0].visit_id, EARLY[1].visit_id, 17, 28]]);
		expect(got.people).toBe(1);
		expect(got.list[0].firstDose).toEqual({ at: Date.parse(EARLY[0].occurred_at), vaccine: 'AZ', provinceCode: '48', facilityId: 'S-48', visitId: EARLY[0].visit_id });
		expect((await earlySecondDoses(client, { level: 'national' }, at('2021-08-20T09:59:00'))).list.some((e) => e.secondDose.visitId === EARLY[1].visit_id)).toBe(false);
		expect((await earlySecondDoses(client, { level: 'national' }, TO)).list.some((e) => e.secondDose.visitId === ON_TIME[1].visit_id)).toBe(false);
	});

	it('finds the burst of 60 doses at one table within its hour, once past 40', async () => {
		const scope: Scope = { level: 'province', province: burstSite.province_code };
		expect(await impossibleRates(client, scope, BURST_START + 30 * MINUTE)).toEqual([]);
		const hour = await impossibleRates(client, { level: 'national' }, BURST_START + 70 * MINUTE);
		expect(hour).toEqual([{ provinceCode: burstSite.province_code, facilityId: burstSite.id, hour: BURST_START, doses: 60, tables: 1, dosesPerTable: 60 }]);
	});

	it('late share is above 0 and comes from the offline sites, late on about half their days', async () => {
		const national = await lateReportedShare(client, { level: 'national' }, TO - MINUTE, 60, 21);
		const visits = national.reduce((s, d) => ({ events: s.events + d.byFamily.visit.events, late: s.late + d.byFamily.visit.late }), { events: 0, late: 0 });
		expect(visits.late / visits.events).toBeGreaterThan(0.005);
		expect(visits.late / visits.events).toBeLessThan(0.1);
		// Registration and verification come from channels, which are online.
		expect(national.every((d) => d.byFamily.registration.late === 0 && d.byFamily.verification.late === 0)).toBe(true);

		const sites = await selectRows<{ province_code: string; id: string }>(client, `SELECT DISTINCT v.province_code AS province_code, f.id AS id
			FROM raw_visit v JOIN ref_facility f ON f.id = v.facility_id WHERE v.occurred_at < fromUnixTimestamp64Milli({to:Int64}) ORDER BY id`, { to: TO });
		const silentDays = new Set(silentTroubles.map((t) => `${t.facilityId} ${new Date(t.from + 7 * 3_600_000).toISOString().slice(0, 10)}`));
		let offlineSites = 0;
		for (const site of sites) {
			const days = (await lateReportedShare(client, { level: 'site', province: site.province_code, facility: site.id }, TO - MINUTE, 60, 21))
				.filter((d) => d.byFamily.visit.events > 0 && !silentDays.has(`${site.id} ${d.day}`));
			const offline = days.filter((d) => d.byFamily.visit.late > 0);
			if (offline.length === 0) continue;
			offlineSites++;
			// An offline day uploads in the evening or later: (nearly) all of its visit events are late.
			for (const d of offline) expect(d.byFamily.visit.share, `${site.id} ${d.day}`).toBeGreaterThan(0.9);
			expect(offline.length / days.length, site.id).toBeGreaterThan(0.2);
			expect(offline.length / days.length, site.id).toBeLessThan(0.8);
		}
		expect(offlineSites).toBeGreaterThan(0);
		expect(offlineSites / sites.length).toBeLessThan(0.1);
	}, 30_000);
});

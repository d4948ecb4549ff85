// Coverage, province progress, dose series and the visit pipeline from the rollups equal the same answers computed
// from the raw events, for random scopes and instants of a simulated campaign (real engine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { openDataDir, tempDataDir } from '../testing/server.ts';
import { loadCampaign } from '../testing/campaign.ts';
import { stream, int } from '../../simulator/random.ts';
import { scopeParams, type Scope } from './scope.ts';
import { coverage } from './coverage.ts';
import { provinceProgress } from './province-progress.ts';
import { dosesSeries } from './doses-series.ts';
import { visitPipeline } from './visit-pipeline.ts';
import { districtProgress } from './district-progress.ts';
import { siteActivity } from './site-activity.ts';
import { certificateLag } from './certificate-lag.ts';
import { deferralRates } from './deferral-rates.ts';
import { siteFlowAlarms } from './site-flow-alarms.ts';
import { chTime } from '../ingest/rows.ts';
import { getPlaces } from '../places.ts';
import { provinceSnapshot, provinceSnapshots } from '../snapshots/province.ts';
import { siteSnapshot, siteSnapshots } from '../snapshots/site.ts';
import { roomSnapshots } from '../live/rooms.ts';

const FROM = Date.parse('2021-07-22T00:00:00+07:00');
const TO = Date.parse('2021-08-17T00:00:00+07:00');
let client: ClickHouseClient;
let scopes: Scope[];
let instants: number[];

beforeAll(async () => {
	client = await openDataDir(tempDataDir());
	await loadCampaign(client, { seed: 7, scale: 0.002, from: FROM, to: TO, provinces: ['01', '79', '48'] });
	// Scopes: the nation, each province, and a random district and site of each (that gave doses).
	const random = stream(11, 'scopes');
	const places = await selectRows<{ province_code: string; district_code: string; facility_id: string }>(
		client,
		`SELECT DISTINCT v.province_code, f.district_code, v.facility_id FROM raw_visit v JOIN ref_facility f ON f.id = v.facility_id
		 WHERE v.type = 'visit.injected' ORDER BY ALL`
	);
	scopes = [{ level: 'national' }];
	for (const province of ['01', '79', '48']) {
		const mine = places.filter((p) => p.province_code === province);
		const site = mine[int(random, 0, mine.length - 1)];
		const district = mine[int(random, 0, mine.length - 1)].district_code;
		scopes.push({ level: 'province', province }, { level: 'district', province, district }, { level: 'site', province, facility: site.facility_id });
	}
	// Instants: random ones, mid-morning, just after local midnight, on a minute boundary, the last minute of an hour
	// and of a day (the multi-grain reads switch from minutes to hours to days there), the first minutes of a month,
	// and after the end.
	instants = [
		...Array.from({ length: 6 }, () => FROM + Math.floor(random() * (TO - FROM))),
		Date.parse('2021-08-10T10:17:42+07:00'),
		Date.parse('2021-08-11T00:00:30+07:00'),
		Date.parse('2021-08-16T14:00:00+07:00'),
		Date.parse('2021-08-12T10:59:59+07:00'),
		Date.parse('2021-08-13T23:59:10+07:00'),
		Date.parse('2021-08-01T00:01:00+07:00'),
		TO + 3_600_000
	];
}, 120_000);
afterAll(async () => client?.close());

const AS_OF = `WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of, toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
	toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day, toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start`;
const RAW_SCOPE = `({province:String} = '' OR province_code = {province:String}) AND ({facility:String} = '' OR facility_id = {facility:String})
	AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))`;
const PRIMARY = `(SELECT code, primary_doses FROM ref_vaccine FINAL WHERE deleted = 0) AS v ON v.code = r.vaccine`;

const num = (rows: Record<string, string | number>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v])));

describe('rollups = raw events', () => {
	it('coverage, by vaccine, age band and priority group', async () => {
		let checked = 0;
		for (const scope of scopes) {
			for (const asOf of instants) {
				const got = await coverage(client, scope, asOf);
				const raw = num(
					await selectRows(client, `${AS_OF}
						SELECT r.vaccine AS vaccine, count() AS doses, countIf(dose_number = 1) AS atLeastOne,
						       countIf(dose_number = v.primary_doses) AS full, countIf(dose_number = v.primary_doses + 1) AS boosted
						FROM raw_visit AS r LEFT JOIN ${PRIMARY}
						WHERE type = 'visit.injected' AND occurred_at < until AND ${RAW_SCOPE} GROUP BY vaccine ORDER BY vaccine`, { ...scopeParams(scope), asOf })
				);
				expect(got.byVaccine, `${JSON.stringify(scope)} @ ${new Date(asOf).toISOString()}`).toEqual(raw);
				expect(got.doses).toBe(raw.reduce((s, r) => s + (r.doses as number), 0));
				if (got.byAgeBand) {
					const bands = num(
						await selectRows(client, `${AS_OF}
							SELECT multiIf(birth_year = 0, 'unknown', toYear(occurred_at, 'Asia/Ho_Chi_Minh') - birth_year < 18, '<18',
							               toYear(occurred_at, 'Asia/Ho_Chi_Minh') - birth_year < 50, '18-49',
							               toYear(occurred_at, 'Asia/Ho_Chi_Minh') - birth_year < 65, '50-64', '65+') AS ageBand,
							       count() AS doses, countIf(dose_number = 1) AS atLeastOne,
							       countIf(dose_number = v.primary_doses) AS full, countIf(dose_number = v.primary_doses + 1) AS boosted
							FROM raw_visit AS r LEFT JOIN ${PRIMARY}
							WHERE type = 'visit.injected' AND occurred_at < until AND ${RAW_SCOPE} GROUP BY ageBand ORDER BY ageBand`, { ...scopeParams(scope), asOf })
					);
					expect(got.byAgeBand).toEqual(bands);
					const groups = await selectRows<{ g: number; n: string }>(client, `${AS_OF}
						SELECT priority_group AS g, count() AS n FROM raw_visit WHERE type = 'visit.injected' AND occurred_at < until AND ${RAW_SCOPE}
						GROUP BY g ORDER BY g`, { ...scopeParams(scope), asOf });
					expect(got.byPriorityGroup!.map((g) => [g.priorityGroup, g.doses])).toEqual(groups.map((g) => [Number(g.g), Number(g.n)]));
				}
				checked++;
			}
		}
		expect(checked).toBe(scopes.length * instants.length);
	});

	it('province progress: totals, each of the last 7 days and the as-of day', async () => {
		for (const asOf of instants) {
			const got = await provinceProgress(client, asOf);
			const raw = await selectRows<{ province: string; ago: number; doses: string; one: string; full: string; boosted: string }>(client, `${AS_OF}
				SELECT province_code AS province, least(toInt32(as_of_day - toDate(occurred_at, 'Asia/Ho_Chi_Minh')), 8) AS ago, count() AS doses,
				       countIf(dose_number = 1) AS one, countIf(dose_number = v.primary_doses) AS full, countIf(dose_number = v.primary_doses + 1) AS boosted
				FROM raw_visit AS r LEFT JOIN ${PRIMARY}
				WHERE type = 'visit.injected' AND occurred_at < until GROUP BY province, ago`, { asOf });
			expect(got.map((p) => p.province).sort()).toEqual([...new Set(raw.map((r) => r.province))].sort());
			for (const p of got) {
				const mine = raw.filter((r) => r.province === p.province);
				const counts = (ago: number) => {
					const r = mine.find((x) => Number(x.ago) === ago);
					return { doses: Number(r?.doses ?? 0), atLeastOne: Number(r?.one ?? 0), full: Number(r?.full ?? 0), boosted: Number(r?.boosted ?? 0) };
				};
				expect(p.today).toEqual(counts(0));
				expect(p.last7Days).toEqual([7, 6, 5, 4, 3, 2, 1].map(counts));
				expect(p.total.doses).toBe(mine.reduce((s, r) => s + Number(r.doses), 0));
				expect(p.total.full).toBe(mine.reduce((s, r) => s + Number(r.full), 0));
			}
		}
	});

	it('doses per day and per hour, by vaccine', async () => {
		for (const scope of scopes) {
			for (const asOf of instants.slice(0, 6)) {
				const got = await dosesSeries(client, scope, asOf, 10);
				const raw = await selectRows<{ day: string; hour: string; vaccine: string; n: string }>(client, `${AS_OF}
					SELECT toString(toDate(occurred_at, 'Asia/Ho_Chi_Minh')) AS day, toString(toUnixTimestamp(toStartOfHour(occurred_at)) * 1000) AS hour,
					       vaccine, count() AS n
					FROM raw_visit WHERE type = 'visit.injected' AND occurred_at < until AND ${RAW_SCOPE}
					  AND toDate(occurred_at, 'Asia/Ho_Chi_Minh') > as_of_day - 10 GROUP BY day, hour, vaccine`, { ...scopeParams(scope), asOf });
				for (const bucket of got.daily) {
					const mine = raw.filter((r) => r.day === bucket.at);
					expect(bucket.doses, `${JSON.stringify(scope)} ${bucket.at}`).toBe(mine.reduce((s, r) => s + Number(r.n), 0));
					for (const [vaccine, n] of Object.entries(bucket.byVaccine)) expect(n).toBe(mine.filter((r) => r.vaccine === vaccine).reduce((s, r) => s + Number(r.n), 0));
				}
				const today = got.daily.at(-1)!.at;
				for (const bucket of got.hourly) {
					expect(bucket.doses).toBe(raw.filter((r) => r.day === today && Number(r.hour) === bucket.at).reduce((s, r) => s + Number(r.n), 0));
				}
				expect(got.hourly.reduce((s, b) => s + b.doses, 0)).toBe(got.daily.at(-1)!.doses);
				expect(got.daily).toHaveLength(10);
				expect(got.sevenDayAverage).toBeCloseTo(got.daily.slice(2, 9).reduce((s, b) => s + b.doses, 0) / 7, 9);
			}
		}
	});

	it('the visit pipeline of the day so far', async () => {
		let busy = 0;
		for (const scope of scopes) {
			for (const asOf of instants) {
				const got = await visitPipeline(client, scope, asOf);
				const [raw] = await selectRows<Record<string, string>>(client, `${AS_OF}
					SELECT countIf(type = 'visit.checked_in') AS checkedIn, countIf(type = 'visit.screened' AND outcome = 'eligible') AS eligible,
					       countIf(type = 'visit.screened' AND outcome = 'deferred') AS deferred, countIf(type = 'visit.screened' AND outcome = 'referred') AS referred,
					       countIf(type = 'visit.injected') AS injected, countIf(type = 'visit.observation_ended') AS observationEnded,
					       countIf(type = 'visit.certified') AS certified,
					       countIf(type IN ('visit.observation_ended', 'visit.aefi_reported') AND aefi = 'mild') AS mild,
					       countIf(type IN ('visit.observation_ended', 'visit.aefi_reported') AND aefi = 'severe') AS severe
					FROM raw_visit WHERE occurred_at >= day_start AND occurred_at < until AND ${RAW_SCOPE}`, { ...scopeParams(scope), asOf });
				const { mild, severe, ...flows } = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
				expect(got, `${JSON.stringify(scope)} @ ${new Date(asOf).toISOString()}`).toMatchObject({ ...flows, aefi: { mild, severe } });
				expect(Object.values(got.deferralReasons).reduce((a, b) => a + b, 0)).toBe(got.deferred);
				if (got.waitingForScreening + got.inObservation > 0) busy++;
			}
		}
		// The instants include session hours: people are somewhere in the pipeline at some of them.
		expect(busy).toBeGreaterThan(0);
	});

	it('district progress of a province', async () => {
		for (const province of ['01', '79', '48']) {
			for (const asOf of instants.slice(5)) {
				const got = await districtProgress(client, [province], asOf);
				const raw = await selectRows<{ district: string; ago: number; doses: string; one: string; full: string }>(client, `${AS_OF}
					SELECT f.district_code AS district, least(toInt32(as_of_day - toDate(occurred_at, 'Asia/Ho_Chi_Minh')), 8) AS ago,
					       count() AS doses, countIf(dose_number = 1) AS one, countIf(dose_number = v.primary_doses) AS full
					FROM raw_visit AS r LEFT JOIN ref_facility AS f ON f.id = r.facility_id LEFT JOIN ${PRIMARY}
					WHERE type = 'visit.injected' AND occurred_at < until AND r.province_code = {province:String} GROUP BY district, ago`, { province, asOf });
				expect(got.map((d) => d.district).sort()).toEqual([...new Set(raw.map((r) => r.district))].sort());
				for (const d of got) {
					const mine = raw.filter((r) => r.district === d.district);
					const doses = (ago: number) => Number(mine.find((r) => Number(r.ago) === ago)?.doses ?? 0);
					expect(d.today.doses).toBe(doses(0));
					expect(d.last7Days.map((x) => x.doses)).toEqual([7, 6, 5, 4, 3, 2, 1].map(doses));
					expect(d.total.atLeastOne).toBe(mine.reduce((s, r) => s + Number(r.one), 0));
					expect(d.total.full).toBe(mine.reduce((s, r) => s + Number(r.full), 0));
				}
				// The districts add up to the province (its snapshot sums them rather than asking again).
				const [province_] = await provinceProgress(client, asOf, province);
				const sum = (f: (d: (typeof got)[number]) => number) => got.reduce((s, d) => s + f(d), 0);
				expect(sum((d) => d.total.doses)).toBe(province_?.total.doses ?? 0);
				expect(sum((d) => d.total.full)).toBe(province_?.total.full ?? 0);
				expect(sum((d) => d.today.doses)).toBe(province_?.today.doses ?? 0);
			}
		}
	});

	it('site activity today and the certificate lag of a site', async () => {
		let lags = 0;
		for (const province of ['01', '79', '48']) {
			for (const asOf of instants) {
				const got = await siteActivity(client, [province], asOf);
				const raw = await selectRows<{ facility: string; checked: string; injected: string; away: string; ended: string; last: string }>(client, `${AS_OF}
					SELECT facility_id AS facility, countIf(type = 'visit.checked_in') AS checked, countIf(type = 'visit.injected') AS injected,
					       countIf(type = 'visit.screened' AND outcome != 'eligible') AS away, countIf(type = 'visit.observation_ended') AS ended,
					       toUnixTimestamp(toStartOfMinute(max(occurred_at))) * 1000 AS last
					FROM raw_visit WHERE province_code = {province:String} AND occurred_at >= day_start AND occurred_at < until
					GROUP BY facility ORDER BY facility`, { province, asOf });
				expect(got).toEqual(raw.map((r) => ({
					province,
					facility: r.facility,
					checkedIn: Number(r.checked),
					dosesToday: Number(r.injected),
					waiting: Math.max(0, Number(r.checked) - Number(r.injected) - Number(r.away)),
					inObservation: Math.max(0, Number(r.injected) - Number(r.ended)),
					lastEventAt: Number(r.last)
				})));
				const busiest = got.sort((a, b) => b.dosesToday - a.dosesToday)[0];
				if (busiest) {
					const lag = (await certificateLag(client, [{ province, facility: busiest.facility }], asOf)).get(busiest.facility)!;
					expect(lag.certified + lag.waiting).toBe(busiest.dosesToday);
					if (lag.medianMinutes !== null) {
						// The simulator certifies after the 30-minute observation.
						expect(lag.medianMinutes).toBeGreaterThanOrEqual(30);
						expect(lag.p90Minutes!).toBeGreaterThanOrEqual(lag.medianMinutes);
						lags++;
					}
				}
			}
		}
		expect(lags).toBeGreaterThan(0);
	});

	it('many provinces or sites in one query: each gets what it gets alone (the live hub\'s batched pass)', async () => {
		const places = await getPlaces(client, 0.002);
		const provinces = ['01', '79', '48'];
		const siteScopes = scopes.filter((s): s is Extract<Scope, { level: 'site' }> => s.level === 'site');
		const sites = siteScopes.map((s) => ({ province: s.province, facility: s.facility }));
		const hubApp = { clickhouse: client, config: { populationScale: 0.002 } } as unknown as Parameters<typeof roomSnapshots>[0];
		let busy = 0;
		let stocked = 0;
		for (const asOf of instants.slice(6)) {
			const alone = await Promise.all(provinces.map((p) => provinceSnapshot(client, places, p, asOf)));
			const together = await provinceSnapshots(client, places, provinces, asOf);
			expect([...together.keys()]).toEqual(provinces);
			provinces.forEach((p, i) => expect(together.get(p), `${p} @ ${new Date(asOf).toISOString()}`).toEqual(alone[i]));
			busy += alone.filter((a) => a.progress.today.doses > 0 && a.sites.some((s) => s.dosesToday > 0)).length;

			const ids = [...sites.map((s) => s.facility), 'S-00-99999'];
			const sitesAlone = await Promise.all(ids.map((id) => siteSnapshot(client, places, id, asOf)));
			const sitesTogether = await siteSnapshots(client, places, ids, asOf);
			expect(sitesTogether.has('S-00-99999')).toBe(false);
			expect(sitesAlone.at(-1)).toBeNull();
			sites.forEach((s, i) => expect(sitesTogether.get(s.facility), s.facility).toEqual(sitesAlone[i]));

			// The hub's pass: province and site rooms together, their stock read once for both.
			const screens = await roomSnapshots(hubApp)([...provinces.map((p) => `province:${p}`), ...ids.map((id) => `site:${id}`)], asOf);
			provinces.forEach((p, i) => expect(screens.get(`province:${p}`), `province:${p}`).toEqual(alone[i]));
			sites.forEach((s, i) => expect(screens.get(`site:${s.facility}`), `site:${s.facility}`).toEqual(sitesAlone[i]));
			stocked += alone.filter((a) => a.sites.some((s) => s.stockStatus !== 'unknown')).length;

			const lags = await certificateLag(client, sites, asOf);
			for (const s of sites) expect(lags.get(s.facility)).toEqual((await certificateLag(client, [s], asOf)).get(s.facility));
		}
		// Not all zeros: the instants include session hours with doses in each province, and sites with stock.
		expect(busy).toBeGreaterThan(0);
		expect(stocked).toBeGreaterThan(0);
	});

	it('deferral rates of each province: the as-of day so far and the 7 full days before', async () => {
		let deferred = 0;
		for (const asOf of instants) {
			const got = await deferralRates(client, asOf);
			const raw = await selectRows<{ province: string; screened_today: string; deferred_today: string; screened_7: string; deferred_7: string }>(
				client,
				`${AS_OF}
				SELECT province_code AS province,
				       countIf(occurred_at >= day_start) AS screened_today, countIf(occurred_at >= day_start AND outcome = 'deferred') AS deferred_today,
				       countIf(occurred_at < day_start) AS screened_7, countIf(occurred_at < day_start AND outcome = 'deferred') AS deferred_7
				FROM raw_visit WHERE type = 'visit.screened' AND occurred_at >= toDateTime(as_of_day - 7, 'Asia/Ho_Chi_Minh') AND occurred_at < until
				GROUP BY province ORDER BY province`,
				{ asOf }
			);
			const want = raw.map((r) => ({ province: r.province, screenedToday: Number(r.screened_today), deferredToday: Number(r.deferred_today), screened7Days: Number(r.screened_7), deferred7Days: Number(r.deferred_7) }));
			expect(got, new Date(asOf).toISOString()).toEqual(want);
			deferred += want.reduce((s, r) => s + r.deferredToday + r.deferred7Days, 0);
		}
		expect(deferred).toBeGreaterThan(0);
	});

	it('site-flow alarms (queue, observation, severe AEFI) of every site', async () => {
		const windows = { queueMinutes: 60, observationMinutes: 30, aefiMinutes: 60 };
		let listed = 0;
		for (const asOf of instants) {
			for (const province of ['', '79']) {
				const got = await siteFlowAlarms(client, asOf, windows, province);
				const raw = await selectRows<Record<string, string>>(
					client,
					`${AS_OF}
					SELECT province_code AS province, facility_id AS facility,
					       countIf(type = 'visit.checked_in') - countIf(type = 'visit.injected') - countIf(type = 'visit.screened' AND outcome != 'eligible') AS waiting,
					       countIf(type = 'visit.checked_in' AND occurred_at >= until - INTERVAL {queueMinutes:UInt16} MINUTE) AS checked_in_recently,
					       countIf(type = 'visit.injected') - countIf(type = 'visit.observation_ended') AS in_observation,
					       countIf(type = 'visit.injected' AND occurred_at >= until - INTERVAL {observationMinutes:UInt16} MINUTE) AS injected_recently,
					       countIf(type IN ('visit.observation_ended', 'visit.aefi_reported') AND aefi = 'severe' AND occurred_at >= until - INTERVAL {aefiMinutes:UInt16} MINUTE) AS severe_recently
					FROM raw_visit WHERE ({province:String} = '' OR province_code = {province:String}) AND occurred_at >= day_start AND occurred_at < until
					GROUP BY province, facility
					HAVING waiting > checked_in_recently OR in_observation > injected_recently OR severe_recently > 0`,
					{ asOf, province, ...windows }
				);
				const want = raw.map((r) => ({
					province: r.province,
					facility: r.facility,
					waiting: Number(r.waiting),
					checkedInRecently: Number(r.checked_in_recently),
					inObservation: Number(r.in_observation),
					injectedRecently: Number(r.injected_recently),
					severeAefiRecently: Number(r.severe_recently)
				}));
				const order = (a: { facility: string }, b: { facility: string }) => a.facility.localeCompare(b.facility);
				expect(got.sort(order), `${province || 'national'} ${new Date(asOf).toISOString()}`).toEqual(want.sort(order));
				listed += want.length;
			}
		}
		expect(listed).toBeGreaterThan(0);
	});

	it('counts a retried job once in the rollups too (its insert repeats the de-duplication token)', async () => {
		const asOf = Date.parse('2021-09-20T12:00:00+07:00');
		const before = await coverage(client, { level: 'province', province: '01' }, asOf);
		const row = JSON.stringify({
			event_id: '00000000-0000-4000-8000-00000000beef', type: 'visit.injected', schema_version: 1, occurred_at: chTime(Date.parse('2021-09-20T09:00:00+07:00')),
			ingested_at: chTime(Date.now()), province_code: '01', facility_id: 'S-01-00001', source_key: 'k', visit_id: 'RETRY', citizen_hash: 'h', vaccine: 'AZ',
			lot_number: 'L', dose_number: 1, table_no: 1
		});
		for (let attempt = 0; attempt < 2; attempt++) {
			await client.insert({
				table: 'raw_visit',
				values: [JSON.parse(row)],
				format: 'JSONEachRow',
				clickhouse_settings: { insert_deduplicate: 1, insert_deduplication_token: 'job-42:raw_visit', deduplicate_blocks_in_dependent_materialized_views: 1 }
			});
		}
		const after = await coverage(client, { level: 'province', province: '01' }, asOf);
		expect(after.doses - before.doses).toBe(1);
		const [{ n }] = await selectRows<{ n: string }>(client, `SELECT sum(n) AS n FROM visit_steps_facility_grains WHERE province_code = '01' AND facility_id = 'S-01-00001' AND grain = 'hour'
			   AND bucket >= toDateTime('2021-09-20 00:00:00', 'Asia/Ho_Chi_Minh') AND bucket < toDateTime('2021-09-21 00:00:00', 'Asia/Ho_Chi_Minh')`);
		expect(Number(n)).toBe(1);
		// The multi-grain rollups: once in each grain.
		const grains = await selectRows<{ grain: string; n: string }>(
			client,
			`SELECT grain, sum(n) AS n FROM injections_facility_grains WHERE province_code = '01' AND facility_id = 'S-01-00001'
			   AND bucket <= toDateTime('2021-09-20 09:00:00', 'Asia/Ho_Chi_Minh') AND bucket >= toDateTime('2021-09-01 00:00:00', 'Asia/Ho_Chi_Minh')
			   AND (grain != 'minute' OR bucket = toDateTime('2021-09-20 09:00:00', 'Asia/Ho_Chi_Minh'))
			   AND (grain != 'hour' OR bucket = toDateTime('2021-09-20 09:00:00', 'Asia/Ho_Chi_Minh'))
			   AND (grain != 'day' OR bucket = toDateTime('2021-09-20 00:00:00', 'Asia/Ho_Chi_Minh'))
			 GROUP BY grain ORDER BY grain`
		);
		expect(grains.map((g) => [g.grain, Number(g.n)])).toEqual([['month', 1], ['day', 1], ['hour', 1], ['minute', 1]]);
	});
});

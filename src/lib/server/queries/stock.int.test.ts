// The stock queries (on hand, supply by province and by site, lots expiring, reconciliation, lot trace) read from the
// rollups of clickhouse/0005 and must give the same answers as the raw stock and visit events, for random scopes and
// instants of a simulated campaign (real engine); and the simulator's stock trouble spots must show in them.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { selectRows } from '../clickhouse/client.ts';
import { openDataDir, tempDataDir } from '../testing/server.ts';
import { loadCampaign } from '../testing/campaign.ts';
import type { Simulation } from '../../simulator/simulate.ts';
import { stream, int } from '../../simulator/random.ts';
import { lotsExpiringWithStock } from '../../domain/stock.ts';
import { scopeParams, type Scope } from './scope.ts';
import { stockOnHand, type LotOnHand } from './stock-on-hand.ts';
import { stockByProvince } from './stock-by-province.ts';
import { BOOKING_DAYS, BURN_DAYS, stockSupply, supplyByVaccine, type SupplyInput } from './stock-supply.ts';
import { lotsExpiring, type ExpiringLot } from './lots-expiring.ts';
import { COUNT_DAYS, stockReconciliation } from './stock-reconciliation.ts';
import { lotTrace } from './lot-trace.ts';

const PROVINCES = ['01', '79', '48'];
const FROM = Date.parse('2021-08-02T00:00:00+07:00');
const TO = Date.parse('2021-08-23T00:00:00+07:00');
const MINUTE = 60_000;
let client: ClickHouseClient;
let simulation: Simulation;
let scopes: Scope[];
let instants: number[];

beforeAll(async () => {
	client = await openDataDir(tempDataDir());
	({ simulation } = await loadCampaign(client, { seed: 7, scale: 0.002, from: FROM, to: TO, provinces: PROVINCES }));
	// Scopes: the nation, each province, and a random district and site of each (among the sites that held stock).
	const random = stream(5, 'stock scopes');
	const places = await selectRows<{ province_code: string; district_code: string; facility_id: string }>(
		client,
		`SELECT DISTINCT s.province_code, f.district_code, s.facility_id FROM raw_stock s JOIN ref_facility f ON f.id = s.facility_id
		 WHERE f.level = 'site' ORDER BY ALL`
	);
	scopes = [{ level: 'national' }];
	for (const province of PROVINCES) {
		const mine = places.filter((p) => p.province_code === province);
		const site = mine[int(random, 0, mine.length - 1)];
		const district = mine[int(random, 0, mine.length - 1)].district_code;
		scopes.push({ level: 'province', province }, { level: 'district', province, district }, { level: 'site', province, facility: site.facility_id });
	}
	// Instants: random ones, mid-morning, the last second of an hour, just after local midnight, just after the sites'
	// and the stores' counts, the end, and the next month (where the multi-grain reads take August as one month row).
	instants = [
		...Array.from({ length: 2 }, () => FROM + Math.floor(random() * (TO - FROM))),
		Date.parse('2021-08-09T10:17:42+07:00'),
		Date.parse('2021-08-19T13:59:59+07:00'),
		Date.parse('2021-08-12T00:00:30+07:00'),
		Date.parse('2021-08-16T17:46:00+07:00'),
		Date.parse('2021-08-18T18:00:10+07:00'),
		TO - 1,
		Date.parse('2021-09-12T10:00:00+07:00')
	];
}, 120_000);
afterAll(async () => client?.close());

const AS_OF = `WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of, toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
	toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day`;
/** Every movement of the ledger as of T, one row per event. */
const RAW_MOVES = `(
	SELECT province_code, facility_id, vaccine, lot_number, type, occurred_at, if(type = 'stock.received', doses, -doses) AS delta
	FROM raw_stock WHERE type IN ('stock.received', 'stock.issued', 'stock.transferred', 'stock.returned', 'stock.wasted') AND occurred_at < until
	UNION ALL
	SELECT province_code, facility_id, vaccine, lot_number, type, occurred_at, -1 FROM raw_visit WHERE type = 'visit.injected' AND occurred_at < until)`;
const RAW_EXPIRY = `(SELECT vaccine, lot_number, min(assumeNotNull(expiry_date)) AS expiry FROM raw_stock WHERE expiry_date IS NOT NULL GROUP BY vaccine, lot_number)`;
const RAW_SCOPE = `({province:String} = '' OR province_code = {province:String}) AND ({facility:String} = '' OR facility_id = {facility:String})
	AND ({district:String} = '' OR facility_id IN (SELECT id FROM ref_facility FINAL WHERE district_code = {district:String}))`;
/** A province's own cold chain: not the national and regional stores standing in it. */
const OWN_CHAIN = `({province:String} = '' OR facility_id NOT IN (SELECT id FROM ref_facility FINAL WHERE level IN ('national', 'regional')))`;
const SITES_IN_SCOPE = `(SELECT id FROM ref_facility FINAL WHERE level = 'site' AND ({province:String} = '' OR province_code = {province:String})
	AND ({district:String} = '' OR district_code = {district:String}) AND ({facility:String} = '' OR id = {facility:String}))`;
/** Booked as of T: scheduled before T, not cancelled before T, slot from an hour before T to the end of the booking days. */
const RAW_BOOKED = `
	FROM raw_registration
	WHERE type = 'registration.scheduled' AND occurred_at < until
	  AND slot_start >= until - INTERVAL 1 HOUR AND slot_start < toDateTime(as_of_day + ${BOOKING_DAYS}, 'Asia/Ho_Chi_Minh')
	  AND registration_id NOT IN (SELECT registration_id FROM raw_registration WHERE type = 'registration.cancelled' AND occurred_at < until)`;

const at = (scope: Scope, asOf: number) => `${JSON.stringify(scope)} @ ${new Date(asOf + 7 * 3_600_000).toISOString().slice(0, 19)} (UTC+7)`;
const localDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
const params = (scope: Scope, asOf: number) => ({ ...scopeParams(scope), asOf });
/** SQL's byte order. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Raw inputs of the supply figures, per unit (province or site) and vaccine. */
async function rawSupplyInputs(unit: string, moves: string, burn: string, booked: string, scope: Scope, asOf: number): Promise<Map<string, SupplyInput[]>> {
	const p = params(scope, asOf);
	const stock = await selectRows<{ unit: string; vaccine: string; usable: string; expired: string }>(client, `${AS_OF}
		SELECT ${unit} AS unit, m.vaccine AS vaccine, sumIf(delta, e.lot_number = '' OR e.expiry >= as_of_day) AS usable,
		       sumIf(delta, e.lot_number != '' AND e.expiry < as_of_day) AS expired
		FROM ${RAW_MOVES} AS m LEFT JOIN ${RAW_EXPIRY} AS e ON e.vaccine = m.vaccine AND e.lot_number = m.lot_number
		WHERE ${moves} GROUP BY unit, vaccine`, p);
	const used = await selectRows<{ unit: string; vaccine: string; ago: number; n: string }>(client, `${AS_OF}
		SELECT ${unit} AS unit, vaccine, toInt32(as_of_day - toDate(occurred_at, 'Asia/Ho_Chi_Minh')) AS ago, count() AS n
		FROM raw_visit WHERE type = 'visit.injected' AND ago BETWEEN 1 AND ${BURN_DAYS} AND ${burn} GROUP BY unit, vaccine, ago`, p);
	const bookings = await selectRows<{ unit: string; vaccine: string; d: number; n: string }>(client, `${AS_OF}
		SELECT ${unit === 'facility_id' ? 'site_id' : unit} AS unit, vaccine, toInt32(toDate(slot_start, 'Asia/Ho_Chi_Minh') - as_of_day) AS d, count() AS n
		${RAW_BOOKED} AND ${booked} GROUP BY unit, vaccine, d`, p);
	const units = new Map<string, Map<string, SupplyInput>>();
	const input = (u: string, vaccine: string) => {
		const mine = units.get(u) ?? units.set(u, new Map()).get(u)!;
		return mine.get(vaccine) ?? mine.set(vaccine, { vaccine, onHand: 0, expiredOnHand: 0, burnDays: new Array(BURN_DAYS).fill(0), booked: new Array(BOOKING_DAYS).fill(0) }).get(vaccine)!;
	};
	for (const r of stock) Object.assign(input(r.unit, r.vaccine), { onHand: Number(r.usable), expiredOnHand: Number(r.expired) });
	for (const r of used) input(r.unit, r.vaccine).burnDays[BURN_DAYS - r.ago] = Number(r.n);
	for (const r of bookings) input(r.unit, r.vaccine).booked[r.d] = Number(r.n);
	return new Map([...units].map(([u, byVaccine]) => [u, [...byVaccine.values()].sort((a, b) => cmp(a.vaccine, b.vaccine))]));
}

describe('rollups = raw events', () => {
	it('stock on hand per facility, vaccine and lot, with expiry; never negative', async () => {
		for (const scope of scopes) {
			for (const asOf of instants) {
				const got = await stockOnHand(client, scope, asOf);
				const raw = await selectRows<{ province_code: string; facility_id: string; vaccine: string; lot_number: string; expiry: string; on_hand: string }>(client, `${AS_OF}
					SELECT m.province_code AS province_code, m.facility_id AS facility_id, m.vaccine AS vaccine, m.lot_number AS lot_number,
					       if(e.lot_number = '', '', toString(e.expiry)) AS expiry, sum(delta) AS on_hand
					FROM ${RAW_MOVES} AS m LEFT JOIN ${RAW_EXPIRY} AS e ON e.vaccine = m.vaccine AND e.lot_number = m.lot_number
					WHERE ${RAW_SCOPE} AND ${OWN_CHAIN}
					GROUP BY province_code, facility_id, vaccine, lot_number, expiry HAVING on_hand != 0
					ORDER BY facility_id, vaccine, expiry, lot_number`, params(scope, asOf));
				const expected: LotOnHand[] = raw.map((r) => ({
					provinceCode: r.province_code,
					facilityId: r.facility_id,
					vaccine: r.vaccine,
					lotNumber: r.lot_number,
					expiryDate: r.expiry || null,
					onHand: Number(r.on_hand)
				}));
				expect(got, at(scope, asOf)).toEqual(expected);
				expect(got.filter((l) => l.onHand < 0)).toEqual([]);
			}
		}
	});

	it('the ledger equals every stock.counted at the time of the count, and never goes below zero', async () => {
		const [check] = await selectRows<{ counts: string; mismatches: string; lowest: string }>(client, `
			SELECT countIf(kind = 'count') AS counts, countIf(kind = 'count' AND running != on_hand) AS mismatches, minIf(running, kind = 'move') AS lowest
			FROM (
				SELECT kind, on_hand,
				       sum(delta) OVER (PARTITION BY facility_id, vaccine, lot_number ORDER BY occurred_at, kind = 'count', delta < 0 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
				FROM (
					SELECT 'move' AS kind, facility_id, vaccine, lot_number, occurred_at, delta, toInt64(0) AS on_hand
					FROM ${RAW_MOVES.replaceAll('AND occurred_at < until', '')}
					UNION ALL
					SELECT 'count', facility_id, vaccine, lot_number, occurred_at, 0, assumeNotNull(on_hand) FROM raw_stock WHERE type = 'stock.counted'
				)
			)`);
		expect(Number(check.counts)).toBeGreaterThan(1000);
		expect(Number(check.mismatches)).toBe(0);
		expect(Number(check.lowest)).toBeGreaterThanOrEqual(0);
	});

	it('supply per province and vaccine: usable and expired stock, burn rate, bookings, days of supply, stock-out', async () => {
		for (const scope of scopes.filter((s) => s.level === 'national' || s.level === 'province')) {
			for (const asOf of instants) {
				const got = await stockByProvince(client, scope, asOf);
				const inputs = await rawSupplyInputs('province_code', `${RAW_SCOPE} AND facility_id NOT IN (SELECT id FROM ref_facility FINAL WHERE level IN ('national', 'regional'))`,
					`${RAW_SCOPE} AND facility_id NOT IN (SELECT id FROM ref_facility FINAL WHERE level IN ('national', 'regional'))`, `({province:String} = '' OR province_code = {province:String})`, scope, asOf);
				const expected = [...inputs].sort(([a], [b]) => cmp(a, b)).flatMap(([provinceCode, mine]) => supplyByVaccine(mine, asOf).map((s) => ({ provinceCode, ...s })));
				expect(got, at(scope, asOf)).toEqual(expected);
			}
		}
	});

	it('supply per site and vaccine, for provinces, districts and sites', async () => {
		const province = new Map((await selectRows<{ id: string; p: string }>(client, `SELECT id, province_code AS p FROM ref_facility FINAL WHERE level = 'site'`)).map((r) => [r.id, r.p]));
		let booked = 0;
		for (const scope of scopes.filter((s) => s.level !== 'national')) {
			for (const asOf of instants) {
				const got = await stockSupply(client, scope, asOf);
				const inSites = `facility_id IN ${SITES_IN_SCOPE}`;
				const inputs = await rawSupplyInputs('facility_id', inSites, inSites, `site_id IN ${SITES_IN_SCOPE}`, scope, asOf);
				const expected = [...inputs]
					.sort(([a], [b]) => cmp(province.get(a)!, province.get(b)!) || cmp(a, b))
					.flatMap(([facilityId, mine]) => supplyByVaccine(mine, asOf).map((s) => ({ provinceCode: province.get(facilityId)!, facilityId, ...s })));
				expect(got, at(scope, asOf)).toEqual(expected);
				booked += got.filter((s) => s.booked.some((b) => b > 0)).length;
			}
		}
		expect(booked).toBeGreaterThan(0);
	});

	it('lots expiring within 14 days with stock left, per facility (the rule of lotsExpiringWithStock)', async () => {
		let found = 0;
		for (const scope of scopes) {
			for (const asOf of instants) {
				const got = await lotsExpiring(client, scope, asOf);
				const raw = await selectRows<{ province_code: string; facility_id: string; vaccine: string; lot_number: string; expiry: string; on_hand: string }>(client, `${AS_OF}
					SELECT m.province_code AS province_code, m.facility_id AS facility_id, m.vaccine AS vaccine, m.lot_number AS lot_number,
					       toString(e.expiry) AS expiry, sum(delta) AS on_hand
					FROM ${RAW_MOVES} AS m JOIN ${RAW_EXPIRY} AS e ON e.vaccine = m.vaccine AND e.lot_number = m.lot_number
					WHERE ${RAW_SCOPE} AND ${OWN_CHAIN} GROUP BY ALL`, params(scope, asOf));
				const today = localDay(asOf);
				const expected: ExpiringLot[] = [...Map.groupBy(raw, (r) => r.facility_id)]
					.flatMap(([, lots]) => {
						const byLot = new Map(lots.map((l) => [l.lot_number, l]));
						return lotsExpiringWithStock(lots.map((l) => ({ lot: l.lot_number, onHand: Number(l.on_hand), expiry: l.expiry })), today).map((l) => byLot.get(l.lot)!);
					})
					.map((r) => ({
						provinceCode: r.province_code,
						facilityId: r.facility_id,
						vaccine: r.vaccine,
						lotNumber: r.lot_number,
						expiryDate: r.expiry,
						daysLeft: (Date.parse(r.expiry) - Date.parse(today)) / 86_400_000,
						onHand: Number(r.on_hand)
					}))
					.sort((a, b) => cmp(a.expiryDate, b.expiryDate) || cmp(a.facilityId, b.facilityId) || cmp(a.vaccine, b.vaccine) || cmp(a.lotNumber, b.lotNumber));
				expect(got, at(scope, asOf)).toEqual(expected);
				found += got.length;
			}
		}
		expect(found).toBeGreaterThan(0);
	});

	it('reconciliation per site and lot: flows, on hand, the latest count and nothing unexplained', async () => {
		let counted = 0;
		for (const scope of scopes.filter((s) => s.level !== 'national')) {
			for (const asOf of instants) {
				const got = await stockReconciliation(client, scope, asOf);
				const raw = await selectRows<Record<string, string>>(client, `${AS_OF},
					counts AS (
						SELECT facility_id, vaccine, lot_number, max(occurred_at) AS counted_at, argMax(on_hand, occurred_at) AS counted
						FROM raw_stock WHERE type = 'stock.counted' AND occurred_at < until AND occurred_at >= until - INTERVAL ${COUNT_DAYS} DAY
						GROUP BY facility_id, vaccine, lot_number)
					SELECT m.province_code AS province_code, m.facility_id AS facility_id, m.vaccine AS vaccine, m.lot_number AS lot_number,
					       sumIf(delta, type = 'stock.received') AS received, -sumIf(delta, type = 'visit.injected') AS administered,
					       -sumIf(delta, type = 'stock.wasted') AS wasted, -sumIf(delta, type = 'stock.returned') AS returned,
					       -sumIf(delta, type IN ('stock.issued', 'stock.transferred')) AS passed_on, sum(delta) AS on_hand,
					       any(c.facility_id) != '' AS was_counted, toUnixTimestamp64Milli(any(c.counted_at)) AS counted_at, any(c.counted) AS counted,
					       sumIf(delta, m.occurred_at < toStartOfMinute(c.counted_at) + INTERVAL 1 MINUTE) AS ledger_at_count
					FROM ${RAW_MOVES} AS m LEFT JOIN counts AS c ON c.facility_id = m.facility_id AND c.vaccine = m.vaccine AND c.lot_number = m.lot_number
					WHERE m.facility_id IN ${SITES_IN_SCOPE}
					GROUP BY province_code, facility_id, vaccine, lot_number ORDER BY province_code, facility_id, vaccine, lot_number`, params(scope, asOf));
				expect(got, at(scope, asOf)).toEqual(
					raw.map((r) => {
						const yes = Number(r.was_counted) === 1;
						return {
							provinceCode: r.province_code,
							facilityId: r.facility_id,
							vaccine: r.vaccine,
							lotNumber: r.lot_number,
							received: Number(r.received),
							administered: Number(r.administered),
							wasted: Number(r.wasted),
							returned: Number(r.returned),
							passedOn: Number(r.passed_on),
							onHand: Number(r.on_hand),
							countedAt: yes ? Number(r.counted_at) : null,
							counted: yes ? Number(r.counted) : null,
							ledgerAtCount: yes ? Number(r.ledger_at_count) : null,
							unexplained: yes ? Number(r.ledger_at_count) - Number(r.counted) : null
						};
					})
				);
				// The simulator records every movement: its counts and its ledger agree.
				expect(got.filter((r) => r.unexplained !== null && r.unexplained !== 0)).toEqual([]);
				counted += got.filter((r) => r.counted !== null).length;
			}
		}
		expect(counted).toBeGreaterThan(0);
	});

	it('the trace of a lot, facility by facility, down the chain', async () => {
		const lots = await selectRows<{ lot_number: string }>(client, `SELECT lot_number FROM raw_stock WHERE type = 'stock.received' GROUP BY lot_number ORDER BY sum(doses) DESC, lot_number LIMIT 4`);
		const expiring = simulation.troubles.filter((t) => t.kind === 'expiring_lot').map((t) => t.lotNumber!);
		for (const lot of [...lots.map((l) => l.lot_number), ...expiring]) {
			for (const asOf of instants.slice(4)) {
				const got = await lotTrace(client, lot, asOf);
				const raw = await selectRows<Record<string, string>>(client, `${AS_OF}
					SELECT m.province_code AS province_code, m.facility_id AS facility_id, f.level AS level, m.vaccine AS vaccine,
					       sumIf(delta, type = 'stock.received') AS received, -sumIf(delta, type = 'stock.issued') AS issued,
					       -sumIf(delta, type = 'stock.transferred') AS transferred, -sumIf(delta, type = 'stock.returned') AS returned,
					       -sumIf(delta, type = 'visit.injected') AS administered, -sumIf(delta, type = 'stock.wasted') AS wasted, sum(delta) AS on_hand
					FROM ${RAW_MOVES} AS m LEFT JOIN (SELECT id, level FROM ref_facility FINAL) AS f ON f.id = m.facility_id
					WHERE m.lot_number = {lot:String} GROUP BY ALL
					ORDER BY indexOf(['national', 'regional', 'provincial', 'district', 'site'], level), province_code, facility_id, vaccine`, { asOf, lot });
				expect(got, `${lot} @ ${asOf}`).toEqual(
					raw.map((r) => ({
						provinceCode: r.province_code,
						facilityId: r.facility_id,
						level: r.level,
						vaccine: r.vaccine,
						received: Number(r.received),
						issued: Number(r.issued),
						transferred: Number(r.transferred),
						returned: Number(r.returned),
						administered: Number(r.administered),
						wasted: Number(r.wasted),
						onHand: Number(r.on_hand)
					}))
				);
			}
		}
	});
});

describe('trouble spots show', () => {
	it('a stock-out: the site has none of the vaccine just before the emergency resupply, so 0 days of supply', async () => {
		const stockouts = simulation.troubles.filter((t) => t.kind === 'stockout');
		expect(stockouts.length).toBeGreaterThan(0);
		for (const t of stockouts) {
			// The emergency transfer leaves at 14:00, an hour before the trouble's end.
			const asOf = t.to - 60 * MINUTE - MINUTE;
			const site: Scope = { level: 'site', province: t.provinceCode, facility: t.facilityId! };
			const supply = (await stockSupply(client, site, asOf)).find((s) => s.vaccine === t.vaccine);
			expect(supply, at(site, asOf)).toMatchObject({ onHand: 0, daysOfSupply: 0, daysOfSupplyBooked: 0, stockOutAt: asOf, stockOutAtBooked: asOf });
			expect((await stockOnHand(client, site, asOf)).filter((l) => l.vaccine === t.vaccine)).toEqual([]);
			// The province's list shows it too.
			const province = await stockSupply(client, { level: 'province', province: t.provinceCode }, asOf);
			expect(province.find((s) => s.facilityId === t.facilityId && s.vaccine === t.vaccine)?.onHand).toBe(0);
			// Then the resupply arrives.
			const received = async (when: number) =>
				(await stockReconciliation(client, site, when)).filter((r) => r.vaccine === t.vaccine).reduce((a, r) => a + r.received, 0);
			expect(await received(t.to)).toBeGreaterThan(await received(asOf));
		}
	});

	it('a short-dated lot: listed as expiring with stock left in its province, written off once expired', async () => {
		const expiring = simulation.troubles.filter((t) => t.kind === 'expiring_lot');
		expect(expiring.length).toBeGreaterThan(0);
		for (const t of expiring) {
			// Two days after it arrived, at its provincial store: within 14 days of expiry, not within 3.
			const early = t.from + 2 * 1440 * MINUTE;
			expect((await lotsExpiring(client, { level: 'province', province: t.provinceCode }, early)).some((l) => l.lotNumber === t.lotNumber && l.daysLeft === 8)).toBe(true);
			expect((await lotsExpiring(client, { level: 'province', province: t.provinceCode }, early, 3)).some((l) => l.lotNumber === t.lotNumber)).toBe(false);
			// Noon of its last day: still held in the province, 0 days left.
			const lastDay = t.to - 12 * 60 * MINUTE;
			if (lastDay >= TO) continue;
			const listed = (await lotsExpiring(client, { level: 'province', province: t.provinceCode }, lastDay)).filter((l) => l.lotNumber === t.lotNumber);
			expect(listed.length, t.note).toBeGreaterThan(0);
			expect(listed.every((l) => l.daysLeft === 0 && l.onHand > 0 && l.provinceCode === t.provinceCode)).toBe(true);
			const national = await lotsExpiring(client, { level: 'national' }, lastDay);
			expect(national.filter((l) => l.lotNumber === t.lotNumber)).toEqual(listed);
			// Between the midnight after its expiry date and the 09:00 write-off: held past expiry, not usable stock.
			const expired = t.to + 8 * 60 * MINUTE;
			if (expired >= TO) continue;
			const held = (await lotsExpiring(client, { level: 'province', province: t.provinceCode }, expired)).filter((l) => l.lotNumber === t.lotNumber);
			expect(held.length).toBeGreaterThan(0);
			expect(held.every((l) => l.daysLeft === -1)).toBe(true);
			const supply = (await stockByProvince(client, { level: 'province', province: t.provinceCode }, expired)).find((s) => s.vaccine === t.vaccine)!;
			expect(supply.expiredOnHand).toBeGreaterThanOrEqual(held.reduce((a, l) => a + l.onHand, 0));
			// The day after its expiry date, at 10:00: written off everywhere (expired waste), nothing left.
			const after = t.to + 10 * 60 * MINUTE;
			if (after >= TO) continue;
			const trace = await lotTrace(client, t.lotNumber!, after);
			expect(trace.reduce((a, f) => a + f.onHand, 0)).toBe(0);
			expect(trace.reduce((a, f) => a + f.wasted, 0)).toBeGreaterThan(0);
			expect((await lotsExpiring(client, { level: 'national' }, after)).some((l) => l.lotNumber === t.lotNumber)).toBe(false);
		}
	});
});

describe('supply figures of a unit (pure)', () => {
	const base = { expiredOnHand: 0, burnDays: [0, 0, 0, 0, 0, 0, 0], booked: [0, 0, 0] };
	it('shares bookings naming no vaccine by use, else by stock, else keeps them as demand with no vaccine', () => {
		const used = supplyByVaccine(
			[
				{ ...base, vaccine: '', onHand: 0, booked: [8, 4, 0] },
				{ ...base, vaccine: 'AZ', onHand: 30, burnDays: [3, 3, 3, 3, 3, 3, 3] },
				{ ...base, vaccine: 'PFIZER', onHand: 100, burnDays: [1, 1, 1, 1, 1, 1, 1], booked: [1, 0, 0] }
			],
			0
		);
		expect(used.map((s) => [s.vaccine, s.booked])).toEqual([['AZ', [6, 3, 0]], ['PFIZER', [3, 1, 0]]]);
		expect(used[0]).toMatchObject({ burnRate: 3, daysOfSupply: 10, daysOfSupplyBooked: 3 + 21 / 3, stockOutAt: 864_000_000 });
		const stocked = supplyByVaccine([{ ...base, vaccine: '', onHand: 0, booked: [4, 0, 0] }, { ...base, vaccine: 'AZ', onHand: 3 }, { ...base, vaccine: 'MODERNA', onHand: 1 }], 0);
		expect(stocked.map((s) => [s.vaccine, s.booked[0], s.daysOfSupply, s.stockOutAt])).toEqual([['AZ', 3, Infinity, null], ['MODERNA', 1, Infinity, null]]);
		expect(stocked[0].daysOfSupplyBooked).toBe(1);
		const none = supplyByVaccine([{ ...base, vaccine: '', onHand: 0, booked: [5, 0, 0] }], 1000);
		expect(none).toMatchObject([{ vaccine: '', onHand: 0, daysOfSupply: 0, daysOfSupplyBooked: 0, stockOutAt: 1000 }]);
	});
});

describe('rollups under ingest', () => {
	const LATER = Date.parse('2022-03-01T09:00:00+07:00');
	const insert = async (table: string, rows: object[], token?: string) => {
		const result = await client.exec({
			query: `INSERT INTO ${table} FORMAT JSONEachRow`,
			values: Readable.from([rows.map((r) => JSON.stringify(r)).join('\n')]),
			// Always set: the embedded engine's session keeps a setting once given.
			clickhouse_settings: { insert_deduplicate: 1, insert_deduplication_token: token ?? '', deduplicate_blocks_in_dependent_materialized_views: 1 }
		});
		result.stream.resume();
		await new Promise((r) => result.stream.on('end', r));
	};
	let n = 0;
	const envelope = (type: string, at: number) => ({
		event_id: `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`,
		type,
		occurred_at: (at / 1000).toFixed(3),
		ingested_at: (at / 1000).toFixed(3),
		province_code: '48'
	});

	it('a retried job (same deduplication token) is not counted twice', async () => {
		const site: Scope = { level: 'site', province: '48', facility: 'S-48-TEST' };
		const received = { ...envelope('stock.received', LATER), facility_id: 'S-48-TEST', vaccine: 'AZ', lot_number: 'RETRY-1', expiry_date: '2022-06-30', doses: 50 };
		const injected = { ...envelope('visit.injected', LATER + MINUTE), facility_id: 'S-48-TEST', vaccine: 'AZ', lot_number: 'RETRY-1', dose_number: 1 };
		for (let i = 0; i < 2; i++) {
			await insert('raw_stock', [received], 'job-retry:raw_stock');
			await insert('raw_visit', [injected], 'job-retry:raw_visit');
		}
		expect(await stockOnHand(client, site, LATER + 5 * MINUTE)).toEqual([
			{ provinceCode: '48', facilityId: 'S-48-TEST', vaccine: 'AZ', lotNumber: 'RETRY-1', expiryDate: '2022-06-30', onHand: 49 }
		]);
		// The province rollups, fed from the facility minutes, too: today's minutes, and the day once it is over.
		const az = async (asOf: number) => (await stockByProvince(client, { level: 'province', province: '48' }, asOf)).find((r) => r.vaccine === 'AZ');
		const before = (await az(LATER - MINUTE))?.onHand ?? 0;
		expect((await az(LATER + 5 * MINUTE))!.onHand - before).toBe(49);
		expect((await az(LATER + 61 * MINUTE))!.onHand - before).toBe(49);
		expect((await az(LATER + 86_400_000))!.burnRate).toBe(1 / 7);
	});

	it('a cancellation arriving in a later insert than its scheduling takes the booking back', async () => {
		const slot = new Date(LATER + 2 * 86_400_000).toISOString();
		const scheduled = { ...envelope('registration.scheduled', LATER), registration_id: 'R-48-LATE-1', site_id: 'S-48-00001', slot_start: (Date.parse(slot) / 1000).toFixed(3) };
		await insert('raw_registration', [scheduled]);
		const booked = async (asOf: number) =>
			(await stockSupply(client, { level: 'site', province: '48', facility: 'S-48-00001' }, asOf)).reduce((a, s) => a + s.booked.reduce((x, y) => x + y, 0), 0);
		expect(await booked(LATER + MINUTE)).toBeCloseTo(1, 9);
		await insert('raw_registration', [{ ...envelope('registration.cancelled', LATER + 60 * MINUTE), registration_id: 'R-48-LATE-1' }]);
		expect(await booked(LATER + 30 * MINUTE)).toBeCloseTo(1, 9);
		expect(await booked(LATER + 61 * MINUTE)).toBe(0);
		expect(await booked(LATER + 86_400_000)).toBe(0);
	});
});

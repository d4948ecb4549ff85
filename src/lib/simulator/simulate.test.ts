import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { parseEvent } from '../events/contract.ts';
import { buildReference } from '../reference/build.ts';
import { VACCINES } from '../reference/vaccines.ts';
import { Simulation, REGISTRATION_CHANNEL, VERIFICATION_CHANNEL, simulate, type SimEvent, type SimulateOptions } from './simulate.ts';
import { CALIBRATION, cumulativeDoses, dailyDoses, dayOf, dayOfDate, localIso, provinceShares } from './curve.ts';
import { fixtureReference } from './fixture.ts';

const reference = buildReference(1);
const INTERVAL = new Map(VACCINES.map((v) => [v.code, v.minIntervalDays]));
const PRIMARY = new Map(VACCINES.map((v) => [v.code, v.primaryDoses]));

function run(opts: Omit<SimulateOptions, 'reference'> & { reference?: SimulateOptions['reference'] }): { events: SimEvent[]; sim: Simulation } {
	const sim = new Simulation({ reference, ...opts });
	const events: SimEvent[] = [];
	for (const step of sim.steps()) for (const e of step.events) events.push(e);
	return { events, sim };
}

type E = Record<string, any>;
const ev = (e: SimEvent) => e.event as E;

// A week of five provinces: the two big cities, an outbreak hot spot, a small mountain province, a mid-size city.
const WEEK = { seed: 7, scale: 0.002, from: '2021-09-06', to: '2021-09-13', provinces: ['01', '79', '74', '02', '48'] };
const week = run(WEEK);

describe('a simulated week (5 provinces, scale 0.002)', () => {
	const { events, sim } = week;

	it('yields plenty of events of every family, and every one passes the contract', () => {
		expect(events.length).toBeGreaterThan(20_000);
		const types = new Set(events.map((e) => e.event.type));
		for (const type of [
			'registration.submitted', 'registration.approved', 'registration.allocated', 'registration.scheduled', 'registration.cancelled', 'registration.no_show',
			'visit.checked_in', 'visit.screened', 'visit.injected', 'visit.observation_ended', 'visit.aefi_reported', 'visit.certified',
			'stock.allocated', 'stock.received', 'stock.issued', 'stock.wasted', 'stock.counted',
			'coldchain.reading', 'record.verified', 'record.rejected'
		]) {
			expect(types, type).toContain(type);
		}
		const now = Date.now();
		const bad = events.filter((e) => !parseEvent(e.event, now, 600_000).ok);
		expect(bad.map((e) => [e.event, parseEvent(e.event, now, 600_000)]).slice(0, 3)).toEqual([]);
	});

	it('is in event-time order, within [from, to), on the second, with delivery never before the event', () => {
		const from = Date.parse('2021-09-06T00:00:00+07:00');
		const to = Date.parse('2021-09-13T00:00:00+07:00');
		let last = 0;
		for (const e of events) {
			expect(e.at).toBeGreaterThanOrEqual(last);
			last = e.at;
			expect(Date.parse(e.event.occurred_at)).toBe(e.at);
			expect(e.event.occurred_at.endsWith('+07:00')).toBe(true);
			expect(e.deliverAt).toBeGreaterThanOrEqual(e.at);
		}
		expect(events[0].at).toBeGreaterThanOrEqual(from);
		expect(last).toBeLessThan(to);
		expect(new Set(events.map((e) => e.event.event_id)).size).toBe(events.length);
	});

	it('names the sender of each event as a key would allow: facility events by their facility, the rest by channel with a province', () => {
		for (const e of events) {
			const x = ev(e);
			if (x.type.startsWith('registration.')) {
				expect(e.sender).toBe(REGISTRATION_CHANNEL);
				expect(WEEK.provinces).toContain(x.province);
				expect(x.facility_id).toBeUndefined();
			} else if (x.type.startsWith('record.')) {
				expect(e.sender).toBe(VERIFICATION_CHANNEL);
				expect(WEEK.provinces).toContain(x.province);
			} else {
				expect(x.facility_id).toBe(e.sender);
				expect(x.province).toBeUndefined();
			}
		}
		const facilities = new Map(reference.facilities.map((f) => [f.id, f]));
		for (const e of events) {
			if (e.sender.startsWith('channel:')) continue;
			const f = facilities.get(e.sender)!;
			expect(f, e.sender).toBeDefined();
			if (f.level !== 'national' && f.level !== 'regional') expect(WEEK.provinces).toContain(f.provinceCode);
		}
	});

	it('never takes stock a facility does not hold: each lot ledger stays ≥ 0 and every daily count matches it', () => {
		const ledger = new Map<string, number>();
		const key = (facility: string, lot: string) => `${facility}|${lot}`;
		const add = (k: string, n: number) => {
			const v = (ledger.get(k) ?? 0) + n;
			ledger.set(k, v);
			return v;
		};
		let counts = 0;
		for (const e of events) {
			const x = ev(e);
			switch (x.type) {
				case 'stock.received':
					add(key(x.facility_id, x.lot_number), x.doses);
					break;
				case 'stock.issued':
				case 'stock.transferred':
				case 'stock.returned':
				case 'stock.wasted':
					expect(add(key(x.facility_id, x.lot_number), -x.doses), `${x.type} ${x.facility_id} ${x.lot_number}`).toBeGreaterThanOrEqual(0);
					break;
				case 'visit.injected':
					expect(add(key(x.facility_id, x.lot_number), -1), `injected ${x.facility_id} ${x.lot_number}`).toBeGreaterThanOrEqual(0);
					break;
				case 'stock.counted':
					expect(x.on_hand, `count ${x.facility_id} ${x.lot_number}`).toBe(ledger.get(key(x.facility_id, x.lot_number)) ?? 0);
					counts++;
			}
		}
		expect(counts).toBeGreaterThan(100);
	});

	it('injects only after a check-in and an eligible screening of the same visit; observation lasts 30 minutes', () => {
		const checked = new Map<string, E & { at: number }>();
		const eligible = new Map<string, number>();
		const injected = new Map<string, number>();
		for (const e of events) {
			const x = ev(e);
			if (x.type === 'visit.checked_in') checked.set(x.visit_id, { ...x, at: e.at });
			else if (x.type === 'visit.screened') {
				expect(checked.has(x.visit_id)).toBe(true);
				if (x.outcome === 'eligible') eligible.set(x.visit_id, e.at);
				if (x.outcome === 'deferred') expect(x.deferral_reason).toBeDefined();
			} else if (x.type === 'visit.injected') {
				const c = checked.get(x.visit_id)!;
				expect(c, x.visit_id).toBeDefined();
				expect(eligible.get(x.visit_id), x.visit_id).toBeLessThan(e.at);
				expect(c.at).toBeLessThan(e.at);
				expect(c.citizen_id).toBe(x.citizen_id);
				expect(c.dose_number).toBe(x.dose_number);
				expect(c.facility_id).toBe(x.facility_id);
				expect(injected.has(x.visit_id)).toBe(false);
				injected.set(x.visit_id, e.at);
			} else if (x.type === 'visit.observation_ended') {
				expect(e.at - injected.get(x.visit_id)!).toBeGreaterThanOrEqual(30 * 60_000);
			} else if (x.type === 'visit.certified') {
				expect(injected.get(x.visit_id)!).toBeLessThan(e.at);
			}
		}
		expect(injected.size).toBeGreaterThan(3000);
		// Deferred a few %, referred rarely.
		const screened = events.filter((e) => e.event.type === 'visit.screened').map(ev);
		const deferred = screened.filter((x) => x.outcome === 'deferred').length / screened.length;
		expect(deferred).toBeGreaterThan(0.01);
		expect(deferred).toBeLessThan(0.06);
	});

	it('gives people CCCD numbers of their province, adult birth years and priority groups', () => {
		for (const e of events) {
			const x = ev(e);
			if (x.type !== 'visit.checked_in') continue;
			expect(x.citizen_id).toMatch(/^0\d{11}$/);
			expect(x.citizen_id.slice(1, 3)).toBe(x.facility_id.slice(2, 4));
			const century = Number(x.citizen_id[3]) < 2 ? 1900 : 2000;
			expect(century + Number(x.citizen_id.slice(4, 6))).toBe(x.birth_year);
			expect(2021 - x.birth_year).toBeGreaterThanOrEqual(18);
			expect(x.priority_group).toBeGreaterThanOrEqual(1);
			expect(x.priority_group).toBeLessThanOrEqual(16);
		}
	});

	it('has the deliberate trouble spots of the week, each visible in the events', () => {
		const kinds = new Set(sim.troubles.map((t) => t.kind));
		for (const kind of ['stockout', 'expiring_lot', 'registration_backlog', 'silent_site', 'severe_aefi', 'coldchain_excursion']) expect(kinds, kind).toContain(kind);

		// Stock-out: the site's stock of the vaccine is 0 while people keep checking in; they wait, then are injected after the resupply.
		const stockout = sim.troubles.find((t) => t.kind === 'stockout')!;
		const day = dayOf(stockout.from);
		const atSite = events.filter((e) => e.sender === stockout.facilityId && dayOf(e.at) === day);
		const stockOf = new Map<string, number>();
		let checkInsAtZero = 0;
		let injectedAtZero = 0;
		const lotsOfVaccine = new Set<string>();
		for (const e of events.filter((x) => x.sender === stockout.facilityId && x.at < stockout.to)) {
			const x = ev(e);
			if (x.vaccine === stockout.vaccine && x.lot_number) lotsOfVaccine.add(x.lot_number);
			const delta = x.type === 'stock.received' ? x.doses : x.type === 'visit.injected' ? -1 : ['stock.issued', 'stock.transferred', 'stock.returned', 'stock.wasted'].includes(x.type) ? -x.doses : 0;
			const before = [...stockOf.values()].reduce((a, b) => a + b, 0);
			if (dayOf(e.at) === day && before === 0 && e.at > Date.parse(`${localIso(e.at).slice(0, 10)}T07:30:00+07:00`)) {
				if (x.type === 'visit.checked_in') checkInsAtZero++;
				if (x.type === 'visit.injected' && x.vaccine === stockout.vaccine) injectedAtZero++;
			}
			if (x.vaccine === stockout.vaccine && delta !== 0) stockOf.set(x.lot_number, (stockOf.get(x.lot_number) ?? 0) + delta);
		}
		expect(checkInsAtZero).toBeGreaterThan(0);
		expect(injectedAtZero).toBe(0);
		const waited = atSite.filter((e) => e.event.type === 'visit.injected' && ev(e).vaccine === stockout.vaccine && e.at >= stockout.to - 3_600_000);
		expect(waited.length).toBeGreaterThan(0);

		// Silent site: nothing from it reaches the server during the window, though it kept working.
		const silent = sim.troubles.find((t) => t.kind === 'silent_site')!;
		const fromSilent = events.filter((e) => e.sender === silent.facilityId);
		expect(fromSilent.filter((e) => e.deliverAt >= silent.from && e.deliverAt < silent.to)).toEqual([]);
		expect(fromSilent.filter((e) => e.at >= silent.from && e.at < silent.to).length).toBeGreaterThan(0);

		// Cold chain: readings above 8 °C for more than 30 minutes.
		const excursion = sim.troubles.find((t) => t.kind === 'coldchain_excursion')!;
		const hot = events.filter((e) => e.sender === excursion.facilityId && e.event.type === 'coldchain.reading' && ev(e).temperature_c > 8 && dayOf(e.at) === dayOf(excursion.from));
		expect(hot[hot.length - 1].at - hot[0].at).toBeGreaterThan(30 * 60_000);

		// Severe AEFI, reported.
		const severe = sim.troubles.find((t) => t.kind === 'severe_aefi')!;
		const ended = events.find((e) => e.sender === severe.facilityId && e.event.type === 'visit.observation_ended' && ev(e).aefi === 'severe')!;
		expect(ended).toBeDefined();
		expect(events.some((e) => e.event.type === 'visit.aefi_reported' && ev(e).visit_id === ev(ended).visit_id && ev(e).aefi === 'severe')).toBe(true);

		// Backlog: registrations of the district approved and allocated in the window, scheduled only after it.
		const backlog = sim.troubles.find((t) => t.kind === 'registration_backlog')!;
		const allocated = new Set(events.filter((e) => e.event.type === 'registration.allocated' && ev(e).district_code === backlog.districtCode && e.at >= backlog.from && e.at < backlog.to).map((e) => ev(e).registration_id));
		expect(allocated.size).toBeGreaterThan(3);
		const scheduledInWindow = events.filter((e) => e.event.type === 'registration.scheduled' && allocated.has(ev(e).registration_id) && e.at < backlog.to);
		expect(scheduledInWindow).toEqual([]);

		// Expiring lot: a short-dated lot of far more doses than the province can use before it expires.
		const expiring = sim.troubles.find((t) => t.kind === 'expiring_lot')!;
		const received = events.filter((e) => e.event.type === 'stock.received' && ev(e).lot_number === expiring.lotNumber);
		expect(received.some((e) => e.sender === expiring.facilityId)).toBe(true);
		expect(dayOfDate(ev(received[0]).expiry_date) - dayOf(received[0].at)).toBeLessThanOrEqual(10);
	});

	it('has a few % of sites working offline, whose events arrive hours or days late', () => {
		const silent = new Set(sim.troubles.filter((t) => t.kind === 'silent_site').map((t) => t.facilityId));
		const late = events.filter((e) => e.deliverAt - e.at > 3_600_000 && !silent.has(e.sender));
		expect(late.length).toBeGreaterThan(0);
		expect(late.every((e) => e.sender.startsWith('S-'))).toBe(true);
		const sites = new Set(events.filter((e) => e.sender.startsWith('S-')).map((e) => e.sender));
		const lateSites = new Set(late.map((e) => e.sender));
		expect(lateSites.size / sites.size).toBeLessThan(0.12);
		expect(Math.max(...late.map((e) => e.deliverAt - e.at))).toBeGreaterThan(12 * 3_600_000);
	});

	it('runs the cold chain in band, and sessions in local hours', () => {
		const readings = events.filter((e) => e.event.type === 'coldchain.reading').map(ev);
		const fridge = readings.filter((x) => x.vaccine === undefined);
		const inBand = fridge.filter((x) => x.temperature_c >= 2 && x.temperature_c <= 8).length / fridge.length;
		expect(inBand).toBeGreaterThan(0.98);
		for (const e of events) {
			if (e.event.type !== 'visit.checked_in') continue;
			const hour = Number(e.event.occurred_at.slice(11, 13)) + Number(e.event.occurred_at.slice(14, 16)) / 60;
			expect(hour).toBeGreaterThanOrEqual(7.5);
			expect(hour).toBeLessThan(17);
			expect(hour < 11.5 || hour >= 13.5).toBe(true);
		}
	});
});

describe('six weeks of two provinces', () => {
	const { events, sim } = run({ seed: 11, scale: 0.002, from: '2021-08-16', to: '2021-09-27', provinces: ['79', '48'] });

	it("gives each person's next dose with the same vaccine, no earlier than its minimum interval, at the same or a nearby site", () => {
		const doses = new Map<string, { dose: number; vaccine: string; day: number; site: string }[]>();
		for (const e of events) {
			const x = ev(e);
			if (x.type !== 'visit.injected') continue;
			let list = doses.get(x.citizen_id);
			if (!list) doses.set(x.citizen_id, (list = []));
			list.push({ dose: x.dose_number, vaccine: x.vaccine, day: dayOf(e.at), site: x.facility_id });
		}
		let pairs = 0;
		let sameSite = 0;
		for (const list of doses.values()) {
			for (let i = 1; i < list.length; i++) expect(list[i].dose).toBeGreaterThan(list[i - 1].dose);
			const first = list.find((d) => d.dose === 1);
			const second = list.find((d) => d.dose === 2);
			// After a one-dose vaccine (Janssen), a second dose is a booster, of any vaccine.
			if (!first || !second || PRIMARY.get(first.vaccine as never)! < 2) continue;
			pairs++;
			expect(second.vaccine).toBe(first.vaccine);
			expect(second.day - first.day).toBeGreaterThanOrEqual(INTERVAL.get(first.vaccine as never)!);
			if (second.site === first.site) sameSite++;
		}
		expect(pairs).toBeGreaterThan(300);
		expect(sameSite / pairs).toBeGreaterThan(0.7);
	});

	it('writes off the leftover of the expiring lot when it expires', () => {
		const expiring = sim.troubles.filter((t) => t.kind === 'expiring_lot' && t.to < Date.parse('2021-09-27T00:00:00+07:00'));
		expect(expiring.length).toBeGreaterThan(0);
		for (const t of expiring) {
			const wasted = events.filter((e) => e.event.type === 'stock.wasted' && ev(e).lot_number === t.lotNumber && ev(e).reason === 'expired');
			expect(wasted.reduce((a, e) => a + ev(e).doses, 0)).toBeGreaterThan(0);
		}
	});
});

describe('determinism', () => {
	const digest = (events: SimEvent[]) => {
		const hash = createHash('sha256');
		for (const e of events) hash.update(JSON.stringify(e));
		return hash.digest('hex');
	};

	it('the same seed gives the same events; another seed, other events', () => {
		const again = run(WEEK).events;
		expect(again.length).toBe(week.events.length);
		expect(again.slice(0, 5000)).toEqual(week.events.slice(0, 5000));
		expect(digest(again)).toBe(digest(week.events));
		const other = run({ ...WEEK, seed: 8 }).events;
		expect(digest(other)).not.toBe(digest(week.events));
		expect(other[0].event.event_id).not.toBe(week.events[0].event.event_id);
		const ids = new Set(week.events.map((e) => e.event.event_id));
		expect(other.filter((e) => ids.has(e.event.event_id))).toEqual([]);
	});

	it('does not depend on the order in which the reference lists facilities', () => {
		const shuffled = { ...reference, facilities: [...reference.facilities].reverse() };
		const a = run({ seed: 3, scale: 0.002, from: '2021-10-01', to: '2021-10-03', provinces: ['31'] }).events;
		const b = run({ seed: 3, scale: 0.002, from: '2021-10-01', to: '2021-10-03', provinces: ['31'], reference: shuffled }).events;
		expect(digest(b)).toBe(digest(a));
	});
});

describe('calibration', () => {
	it('follows the published national totals (±10 %): ≈ 61 M doses by 16 Oct 2021, ≈ 146 M by 27 Dec 2021', () => {
		for (const { date, doses } of CALIBRATION) {
			const model = cumulativeDoses(date);
			expect(Math.abs(model / doses - 1), `${date}: ${Math.round(model)}`).toBeLessThan(0.1);
		}
		// A peak of 1.5–2 M a day in autumn, ramping up from ~0.1 M in early July.
		const peak = Math.max(...Array.from({ length: 92 }, (_, i) => dailyDoses(dayOfDate('2021-09-01') + i)));
		expect(peak).toBeGreaterThan(1.5e6);
		expect(peak).toBeLessThan(2e6);
		expect(dailyDoses(dayOfDate('2021-07-12'))).toBeLessThan(200_000);
		expect(cumulativeDoses('2021-07-10')).toBeLessThan(6e6);
	});

	it('splits each day between the 63 provinces, hot spots faster in summer', () => {
		const aug = provinceShares(dayOfDate('2021-08-20'));
		expect([...aug.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
		expect(aug.size).toBe(63);
		// TP HCM is ~9 % of the population, vaccinated ~2.6× as fast in summer.
		expect(aug.get('79')!).toBeGreaterThan(0.15);
		expect(provinceShares(dayOfDate('2021-11-20')).get('79')!).toBeLessThan(0.09);
	});

	it('gives, all provinces together, the doses of the curve × scale (±10 % over a week)', () => {
		const scale = 0.001;
		const { events } = run({ seed: 5, scale, from: '2021-10-04', to: '2021-10-11' });
		const injected = events.filter((e) => e.event.type === 'visit.injected').length;
		let expected = 0;
		for (let d = dayOfDate('2021-10-04'); d < dayOfDate('2021-10-11'); d++) expected += dailyDoses(d) * scale;
		expect(Math.abs(injected / expected - 1)).toBeLessThan(0.1);
		// First doses, second doses, and the vaccine mix of autumn 2021.
		const vaccines = new Set(events.filter((e) => e.event.type === 'visit.injected').map((e) => ev(e).vaccine));
		for (const v of ['AZ', 'PFIZER', 'MODERNA', 'SINOPHARM']) expect(vaccines).toContain(v);
	});
});

describe('any reference data', () => {
	it('runs on a tiny hand-made reference (2 provinces, 12 sites)', () => {
		const ref = fixtureReference();
		const events = [...simulate({ reference: ref, seed: 1, scale: 0.002, from: '2021-08-02', to: '2021-08-05' })].flatMap((s) => s.events);
		const ids = new Set(ref.facilities.map((f) => f.id));
		expect(events.filter((e) => e.event.type === 'visit.injected').length).toBeGreaterThan(50);
		const now = Date.now();
		for (const e of events) {
			expect(parseEvent(e.event, now, 600_000).ok).toBe(true);
			if (!e.sender.startsWith('channel:')) expect(ids).toContain(e.sender);
		}
	});

	it('steps an hour at a time and says where it stands', () => {
		const steps = [...simulate({ reference: fixtureReference(), seed: 1, scale: 0.002, from: '2021-08-02', to: '2021-08-03' })];
		expect(steps).toHaveLength(24);
		expect(localIso(steps[0].from)).toBe('2021-08-02T00:00:00+07:00');
		for (const s of steps) for (const e of s.events) expect(e.at >= s.from && e.at < s.to).toBe(true);
	});
});

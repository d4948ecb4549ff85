// The campaign simulator: a pure, deterministic discrete-event model of the vaccination campaign that yields contract
// events in event-time order, one simulated hour at a time (memory stays bounded by about a day of agenda).
//
// Model, per province (of the selected ones):
// - Doses per day: the national curve (./curve.ts) × the province's share × scale. Sites open in a fixed
//   "campaign order" (districts interleaved, bigger sites first), as many as the day needs at ~25 doses per table.
// - People: registered ~7 days ahead (registration.submitted → approved → allocated → scheduled to a site and hour
//   slot; some cancel, some do not show), walk-ins and lists, and everybody due for their next dose at their
//   vaccine's interval (+ a lag). Boosters from 20 Nov 2021 to people fully vaccinated ≥ 3 months before.
// - Visits in 4 steps (checked in → screened → injected from the site's stock, FEFO by lot → observation ended →
//   certified); no stock, no injection: people wait, then come back another day.
// - Stock: manufacturer lots arrive at the national store, allocation batches to provinces, and the chain
//   national → regional → provincial → district → site (issued at the sender, received at the receiver), daily
//   counts, open-vial wastage, expiry, returns of idle stock, a transfer between sites in an emergency.
// - Cold chain readings, record verification, offline sites uploading late (`deliverAt`), and deliberate trouble
//   spots (see TroubleKind) at a fixed weekly rhythm.
import type { AnyEvent } from '../events/contract.ts';
import { DEFERRAL_REASONS, VERIFICATION_REJECT_REASONS } from '../events/contract.ts';
import type { Facility, ReferenceData } from '../reference/types.ts';
import { PROVINCES, PROVINCE_BY_CODE } from '../reference/provinces.ts';
import { VACCINES, VACCINE_CODES, type VaccineCode } from '../reference/vaccines.ts';
import { Agenda } from './heap.ts';
import {
	BOOSTER_MIX,
	DAY_MS,
	HOUR_MS,
	MINUTE_MS,
	boosterShare,
	dailyDoses,
	dateOf,
	dayOf,
	dayOfDate,
	dayStart,
	firstDoseMix,
	intervalLagDays,
	localIso,
	provinceShares,
	toInstant
} from './curve.ts';
import { CitizenIds, adultBirthYear, priorityGroup } from './people.ts';
import { eventUuid, fmix32, hashString, int, lognormal, normal, pick, pickWeighted, roundRandom, stream, uniform, weightedIndex, type Random } from './random.ts';

export const REGISTRATION_CHANNEL = 'channel:registration';
export const VERIFICATION_CHANNEL = 'channel:verification';

export interface SimulateOptions {
	reference: ReferenceData;
	seed: number;
	/** People multiplier: 1 = the real country; 0.001–0.01 for tests and demos. */
	scale: number;
	/** First instant of events: epoch ms, a date (local midnight, UTC+7) or an ISO date-time. */
	from: number | string;
	/** End of events (exclusive). */
	to: number | string;
	/** GSO codes of the provinces to simulate; default all 63 (stores above them are included as needed). */
	provinces?: readonly string[];
	/** Length of a step of the iterator; default one hour. */
	stepMs?: number;
}

export interface SimEvent {
	event: AnyEvent;
	/** occurred_at as epoch ms. */
	at: number;
	/** When the sender uploads it: `at`, or later for sites working offline (the event time stays true). */
	deliverAt: number;
	/** The facility id whose key sends it, or REGISTRATION_CHANNEL / VERIFICATION_CHANNEL. */
	sender: string;
}

export interface SimStep {
	from: number;
	to: number;
	/** Events with from ≤ at < to, in event-time order. */
	events: SimEvent[];
}

export type TroubleKind = 'stockout' | 'expiring_lot' | 'registration_backlog' | 'silent_site' | 'severe_aefi' | 'coldchain_excursion';

export interface TroubleSpot {
	kind: TroubleKind;
	provinceCode: string;
	facilityId?: string;
	districtCode?: string;
	vaccine?: VaccineCode;
	lotNumber?: string;
	from: number;
	to: number;
	note: string;
}

// --- constants of the model ---------------------------------------------------------------------------------------

const VIDX = new Map<VaccineCode, number>(VACCINE_CODES.map((v, i) => [v, i]));
const NV = VACCINE_CODES.length;
const VACCINE = new Map(VACCINES.map((v) => [v.code, v]));
/** Doses per vial (multi-dose vials leave open-vial wastage at the end of a session). */
const VIAL: Record<VaccineCode, number> = { AZ: 10, PFIZER: 6, MODERNA: 10, SINOPHARM: 1, SPUTNIK_V: 5, ABDALA: 10, JANSSEN: 5, HAYAT_VAX: 1 };
/** Shelf life left on arrival, days [min, max]. */
const SHELF: Record<VaccineCode, [number, number]> = {
	AZ: [60, 120],
	PFIZER: [90, 180],
	MODERNA: [90, 200],
	SINOPHARM: [240, 600],
	SPUTNIK_V: [150, 300],
	ABDALA: [120, 240],
	JANSSEN: [90, 180],
	HAYAT_VAX: [240, 600]
};
/**
 * Sites open for a day's doses in campaign order, each counted for at most DOSES_PER_TABLE_DAY per injection table
 * (its capacity at peak is ~20–40 per table per HOUR) and at most SITE_DAY_LOAD: at scale 1 every site opens in the
 * autumn (~1.5 M doses over ~19,500 sites), at small scales a few dozen sites of ~40 people a day keep the map alive.
 */
const DOSES_PER_TABLE_DAY = 25;
const SITE_DAY_LOAD = 40;
const MORNING_START = 7.5 * HOUR_MS;
const AFTERNOON_START = 13.5 * HOUR_MS;
const SESSION_END = 17 * HOUR_MS;
const SLOT_HOURS = [[7.5, 3], [8.5, 3], [9.5, 2.5], [10.5, 1.5], [13.5, 2.5], [14.5, 2.5], [15.5, 1.5], [16, 0.5]] as const;
const DEFERRAL_WEIGHTS: Record<(typeof DEFERRAL_REASONS)[number], number> = {
	acute_illness: 25,
	fever: 15,
	recent_covid: 10,
	pregnancy: 8,
	allergy_history: 12,
	uncontrolled_chronic: 15,
	recent_other_vaccine: 5,
	other: 10
};
const REJECT_WEIGHTS: Record<(typeof VERIFICATION_REJECT_REASONS)[number], number> = { id_not_found: 40, name_mismatch: 25, dob_mismatch: 20, missing_id: 10, other: 5 };
const MILD_SYMPTOMS = ['sốt nhẹ, đau tại chỗ tiêm', 'đau đầu, mệt mỏi', 'buồn nôn, chóng mặt', 'sưng đỏ tại chỗ tiêm', 'đau cơ, ớn lạnh'];
const SEVERE_SYMPTOMS = 'phản vệ độ II: khó thở, tụt huyết áp, nổi mề đay; đã tiêm adrenalin, chuyển viện';
const CANCEL_REASONS = ['busy', 'sick', 'vaccinated_elsewhere', 'moved_away', 'travel'];
const AUG_15 = dayOfDate('2021-08-15');
const SEP_1 = dayOfDate('2021-09-01');
const OCT_1 = dayOfDate('2021-10-01');
const OCT_15 = dayOfDate('2021-10-15');
const NOV_1 = dayOfDate('2021-11-01');

// --- state --------------------------------------------------------------------------------------------------------

interface Lot {
	number: string;
	vaccine: VaccineCode;
	expiry: string;
	expiryDay: number;
}

interface Holding {
	lot: Lot;
	onHand: number;
}

/** A random stream and an event-id counter (per province, and one for the national level). */
interface Stream {
	random: Random;
	id: number;
	n: number;
}

class Node {
	readonly f: Facility;
	readonly s: Stream;
	/** Lots per vaccine index, by expiry then lot number. */
	readonly stock: Holding[][] = Array.from({ length: NV }, () => []);
	readonly inbound = new Float64Array(NV);
	constructor(f: Facility, s: Stream) {
		this.f = f;
		this.s = s;
	}
	onHand(v: number, day: number): number {
		let n = 0;
		for (const h of this.stock[v]) if (h.lot.expiryDay >= day) n += h.onHand;
		return n;
	}
	hasAny(): boolean {
		return this.stock.some((hs) => hs.length > 0);
	}
}

interface Person {
	cid: string;
	birthYear: number;
	group: number;
	/** The vaccine of the primary series (null until the first dose is given, or chosen on the day). */
	vaccine: VaccineCode | null;
	/** The dose number of the next dose. */
	nextDose: number;
	site: Site | null;
	district: string | null;
}

class Site extends Node {
	readonly p: Province;
	readonly offlineProne: boolean;
	order = 0;
	supplier!: Node;
	plannedToday = new Float64Array(NV);
	usedToday = new Float64Array(NV);
	lastLot: (Holding | null)[] = new Array(NV).fill(null);
	openDay = -1;
	lastOpenDay = -1;
	visitSeq = 0;
	silent: { from: number; to: number; deliverAt: number } | null = null;
	excursion: { from: number; to: number } | null = null;
	severeAt = 0;
	/** Vaccine index whose morning delivery is withheld today (stock-out trouble spot). */
	withhold = -1;
	constructor(f: Facility, s: Stream, p: Province, offlineProne: boolean) {
		super(f, s);
		this.p = p;
		this.offlineProne = offlineProne;
	}
}

interface Visit {
	person: Person;
	site: Site;
	at: number;
	dose: number;
	vaccine: VaccineCode | null;
	registrationId?: string;
}

interface Appointment {
	person: Person;
	site: Site;
	slot: number;
	dose: number;
	registrationId: string;
}

/** People due for a next dose, bucketed by due day, with per-vaccine counts for forecasts. */
class DueQueue {
	readonly #buckets = new Map<number, { people: Person[]; head: number; counts: Float64Array }>();
	#days: number[] = [];
	size = 0;

	add(person: Person, day: number): void {
		let bucket = this.#buckets.get(day);
		if (!bucket) {
			bucket = { people: [], head: 0, counts: new Float64Array(NV + 1) };
			this.#buckets.set(day, bucket);
			let i = this.#days.length;
			this.#days.push(day);
			while (i > 0 && this.#days[i - 1] > day) {
				this.#days[i] = this.#days[i - 1];
				i--;
			}
			this.#days[i] = day;
		}
		bucket.people.push(person);
		bucket.counts[person.vaccine ? VIDX.get(person.vaccine)! : NV]++;
		this.size++;
	}

	/** Up to `max` people due on or before `day`, the longest-waiting first. */
	take(day: number, max: number): Person[] {
		const taken: Person[] = [];
		while (taken.length < max && this.#days.length > 0 && this.#days[0] <= day) {
			const d = this.#days[0];
			const bucket = this.#buckets.get(d)!;
			while (taken.length < max && bucket.head < bucket.people.length) {
				const person = bucket.people[bucket.head++];
				bucket.counts[person.vaccine ? VIDX.get(person.vaccine)! : NV]--;
				taken.push(person);
			}
			if (bucket.head >= bucket.people.length) {
				this.#buckets.delete(d);
				this.#days.shift();
			}
		}
		this.size -= taken.length;
		return taken;
	}

	/** People due on or before `day`, per vaccine index (the last slot: vaccine not chosen yet). */
	countsUpTo(day: number): Float64Array {
		const total = new Float64Array(NV + 1);
		for (const d of this.#days) {
			if (d > day) break;
			const c = this.#buckets.get(d)!.counts;
			for (let i = 0; i <= NV; i++) total[i] += c[i];
		}
		return total;
	}
}

class Province {
	readonly code: string;
	readonly index: number;
	readonly s: Stream;
	readonly store: Node;
	readonly regional: Node;
	readonly sites: Site[] = [];
	/** District code → its store and its sites. */
	readonly districts = new Map<string, { code: string; store: Node; sites: Site[] }>();
	readonly due = new DueQueue();
	readonly appointments = new Map<number, Appointment[]>();
	/** People whose primary series is complete, in completion order (booster candidates). */
	readonly completed: { person: Person; day: number }[] = [];
	completedHead = 0;
	readonly stockedSites = new Set<Site>();
	regSeq = 0;
	regDay = -1;
	constructor(code: string, index: number, s: Stream, store: Node, regional: Node) {
		this.code = code;
		this.index = index;
		this.s = s;
		this.store = store;
		this.regional = regional;
	}
}

interface Item {
	t: number;
	seq: number;
	fn?: () => void;
	ev?: SimEvent;
	/** The site that sends ev: its delivery is settled when the event happens (a silent window is known by then). */
	site?: Site;
}

// --- the simulation -------------------------------------------------------------------------------------------------

export class Simulation {
	readonly seed: number;
	readonly scale: number;
	readonly from: number;
	readonly to: number;
	readonly stepMs: number;
	readonly day0: number;
	/** Trouble spots, appended as the simulation reaches them. */
	readonly troubles: TroubleSpot[] = [];
	readonly provinces: Province[] = [];

	readonly #agenda = new Agenda<Item>();
	#seq = 0;
	#now = 0;
	#out: SimEvent[] = [];
	readonly #national: Node;
	readonly #nationalStream: Stream;
	readonly #regionals = new Map<string, Node>();
	readonly #storesWithStock = new Set<Node>();
	readonly #ids: CitizenIds;
	readonly #lotSeq = new Map<VaccineCode, number>();
	#started = false;
	#byPopulation: Province[] | null = null;

	constructor(opts: SimulateOptions) {
		if (!(opts.scale > 0 && opts.scale <= 10)) throw new Error(`scale must be > 0 and ≤ 10 (got ${opts.scale})`);
		this.seed = opts.seed >>> 0;
		this.scale = opts.scale;
		this.from = toInstant(opts.from);
		this.to = toInstant(opts.to);
		if (!(this.to > this.from)) throw new Error('"to" must be after "from"');
		this.stepMs = opts.stepMs ?? HOUR_MS;
		this.day0 = dayOf(this.from);
		this.#ids = new CitizenIds(this.seed);
		this.#nationalStream = { random: stream(this.seed, 'national'), id: 0x10000, n: 0 };

		// By id: the same facilities give the same run whatever order they were listed in (generated, or from the database).
		const facilities = [...opts.reference.facilities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		const byId = new Map(facilities.map((f) => [f.id, f]));
		const national = facilities.find((f) => f.level === 'national');
		if (!national) throw new Error('the reference data has no national store');
		this.#national = new Node(national, this.#nationalStream);
		// Default: every province the reference has sites in (all 63 for the generated or official lists).
		const selected = new Set(opts.provinces && opts.provinces.length > 0 ? opts.provinces : facilities.filter((f) => f.level === 'site').map((f) => f.provinceCode));
		for (const code of selected) if (!PROVINCE_BY_CODE.has(code)) throw new Error(`unknown province code "${code}"`);

		const sitesByProvince = new Map<string, Facility[]>();
		for (const f of facilities) {
			if (f.level !== 'site' || !selected.has(f.provinceCode)) continue;
			let list = sitesByProvince.get(f.provinceCode);
			if (!list) sitesByProvince.set(f.provinceCode, (list = []));
			list.push(f);
		}
		const provincialStores = new Map(facilities.filter((f) => f.level === 'provincial').map((f) => [f.provinceCode, f]));
		const nodes = new Map<string, Node>();
		PROVINCES.forEach((info, index) => {
			if (!selected.has(info.code)) return;
			const s: Stream = { random: stream(this.seed, `province:${info.code}`), id: index + 1, n: 0 };
			const storeF = provincialStores.get(info.code);
			if (!storeF) throw new Error(`no provincial store for province ${info.code}`);
			const regionalF = byId.get(storeF.supplierId);
			if (!regionalF) throw new Error(`store ${storeF.id} has no supplier ${storeF.supplierId}`);
			let regional = this.#regionals.get(regionalF.id);
			if (!regional) {
				regional = new Node(regionalF, this.#nationalStream);
				this.#regionals.set(regionalF.id, regional);
			}
			const store = new Node(storeF, s);
			const p = new Province(info.code, index, s, store, regional);
			nodes.set(storeF.id, store);
			const facilities = sitesByProvince.get(info.code) ?? [];
			if (facilities.length === 0) throw new Error(`no vaccination sites in province ${info.code}`);
			for (const f of facilities) {
				const supplierF = byId.get(f.supplierId);
				if (!supplierF) throw new Error(`site ${f.id} has no supplier ${f.supplierId}`);
				let supplier = nodes.get(supplierF.id);
				if (!supplier) nodes.set(supplierF.id, (supplier = new Node(supplierF, s)));
				const prone = !f.readiness.internet && hashString(f.id, this.seed) / 4294967296 < 0.4;
				const site = new Site(f, s, p, prone);
				site.supplier = supplier;
				let district = p.districts.get(f.districtCode);
				if (!district) p.districts.set(f.districtCode, (district = { code: f.districtCode, store: supplier, sites: [] }));
				district.sites.push(site);
			}
			// Campaign order: districts interleaved (largest first), bigger sites first within a district.
			const districts = [...p.districts.values()].map((d) => ({
				d,
				weight: d.sites.reduce((a, x) => a + x.f.tables, 0) * Math.exp(0.3 * normal(s.random))
			}));
			districts.sort((a, b) => b.weight - a.weight || (a.d.code < b.d.code ? -1 : 1));
			const queues = districts.map(({ d }) =>
				d.sites
					.map((site) => ({ site, w: site.f.tables * Math.exp(0.4 * normal(s.random)) }))
					.sort((a, b) => b.w - a.w || (a.site.f.id < b.site.f.id ? -1 : 1))
					.map((x) => x.site)
			);
			for (let round = 0; p.sites.length < facilities.length; round++) {
				for (const q of queues) if (round < q.length) p.sites.push(q[round]);
			}
			p.sites.forEach((site, i) => (site.order = i));
			this.provinces.push(p);
		});
	}

	// --- agenda and emission --------------------------------------------------------------------------------------

	#at(t: number, fn: () => void): void {
		this.#agenda.push({ t, seq: this.#seq++, fn });
	}

	#emit(s: Stream, t: number, sender: string, deliverAt: number, event: Record<string, unknown>, site?: Site): void {
		event.event_id = eventUuid(this.seed, s.id, s.n++);
		const at = t - (t % 1000); // occurred_at is sent to the second
		const ev: SimEvent = { event: event as AnyEvent, at, deliverAt: Math.max(at, deliverAt - (deliverAt % 1000)), sender };
		if (t < this.#now) throw new Error(`internal: event ${String(event.type)} at ${localIso(t)} is before the clock (${localIso(this.#now)})`);
		if (t === this.#now) {
			if (t >= this.from) this.#out.push(ev);
		} else this.#agenda.push({ t, seq: this.#seq++, ev, site });
	}

	/** An event of a facility, uploaded when the facility is online. */
	#facilityEvent(node: Node, t: number, type: string, fields: Record<string, unknown>): void {
		const site = node instanceof Site ? node : undefined;
		const deliverAt = site ? this.#deliverAt(site, t) : t;
		// Field order: envelope first, as clients usually write it.
		this.#emit(node.s, t, node.f.id, deliverAt, { event_id: '', type, occurred_at: localIso(t), facility_id: node.f.id, ...fields }, site);
	}

	#channelEvent(p: Province, t: number, channel: string, type: string, fields: Record<string, unknown>): void {
		this.#emit(p.s, t, channel, t, { event_id: '', type, occurred_at: localIso(t), province: p.code, ...fields });
	}

	/** When a site's event of time t reaches the server: offline days upload late, a silent window holds events. */
	#deliverAt(site: Site, t: number): number {
		let deliverAt = t;
		if (site.offlineProne) {
			const day = dayOf(t);
			const h = hashString(`${site.f.id}:${day}`, this.seed);
			if (h % 2 === 0) {
				const r = (h >>> 1) / 2147483648;
				const jitter = fmix32(h) % (3 * HOUR_MS);
				const upload =
					r < 0.6
						? dayStart(day) + 19 * HOUR_MS + jitter // the same evening
						: r < 0.9
							? dayStart(day + 1) + 8 * HOUR_MS + jitter // the next morning
							: dayStart(day + 2 + (h % 3 === 0 ? 1 : 0)) + 9 * HOUR_MS + jitter; // days later
				if (upload > deliverAt) deliverAt = upload;
			}
		}
		const silent = site.silent;
		if (silent && t >= silent.from && t < silent.to && silent.deliverAt > deliverAt) deliverAt = silent.deliverAt;
		return deliverAt;
	}

	// --- the iterator -----------------------------------------------------------------------------------------------

	*steps(): Generator<SimStep, void, undefined> {
		if (this.#started) throw new Error('a Simulation runs once');
		this.#started = true;
		const start = dayStart(this.day0);
		this.#now = start;
		this.#init(start);
		// From local midnight of the first day to `from`: the model runs, its events are not emitted.
		this.#runUntil(this.from);
		this.#out = [];
		for (let s = this.from; s < this.to; s += this.stepMs) {
			const end = Math.min(s + this.stepMs, this.to);
			this.#out = [];
			this.#runUntil(end);
			yield { from: s, to: end, events: this.#out };
		}
	}

	#runUntil(end: number): void {
		const agenda = this.#agenda;
		for (let item = agenda.peek(); item && item.t < end; item = agenda.peek()) {
			agenda.pop();
			this.#now = item.t;
			if (item.ev) {
				if (item.site) item.ev.deliverAt = Math.max(item.ev.deliverAt, this.#deliverAt(item.site, item.ev.at));
				if (item.t >= this.from) this.#out.push(item.ev);
			} else item.fn!();
		}
	}

	// --- forecasts ------------------------------------------------------------------------------------------------------

	/** Expected doses of a province on a day (scaled). */
	expectedDoses(code: string, day: number): number {
		return dailyDoses(day) * provinceShares(day).get(code)! * this.scale;
	}

	/** Sites open on a day: enough of the campaign order for the day's doses at DOSES_PER_TABLE_DAY. */
	#openCount(p: Province, day: number): number {
		const target = this.expectedDoses(p.code, day) * 1.03;
		let capacity = 0;
		let k = 0;
		while (k < p.sites.length && (k === 0 || capacity < target)) capacity += Math.min(SITE_DAY_LOAD, p.sites[k++].f.tables * DOSES_PER_TABLE_DAY);
		return k;
	}

	/** Doses of each vaccine a province needs over [d1, d2): people due by then, plus first doses and boosters by the mix. */
	#need(p: Province, d1: number, d2: number): Float64Array {
		const due = p.due.countsUpTo(d2 - 1);
		let dueAll = 0;
		for (let i = 0; i <= NV; i++) dueAll += due[i];
		let expected = 0;
		const weighted = new Float64Array(NV);
		for (let d = d1; d < d2; d++) {
			const e = this.expectedDoses(p.code, d);
			expected += e;
			const mix = freeMix(d);
			for (let v = 0; v < NV; v++) weighted[v] += e * mix[v];
		}
		// People due whose vaccine is not chosen yet (deferred before a first dose) take one by the mix, like the rest.
		const free = Math.max(0, expected - (dueAll - due[NV]));
		const need = new Float64Array(NV);
		for (let v = 0; v < NV; v++) need[v] = (expected > 0 ? (free * weighted[v]) / expected : 0) + due[v];
		return need;
	}

	/** Stock of a province below its provincial store (districts and sites, in transit included). */
	#downstream(p: Province, day: number, withProvincial: boolean): Float64Array {
		const total = new Float64Array(NV);
		const add = (n: Node) => {
			for (let v = 0; v < NV; v++) total[v] += n.onHand(v, day) + n.inbound[v];
		};
		if (withProvincial) add(p.store);
		for (const d of p.districts.values()) add(d.store);
		for (const site of p.stockedSites) add(site);
		return total;
	}

	// --- stock ------------------------------------------------------------------------------------------------------

	#add(node: Node, lot: Lot, doses: number): void {
		const holdings = node.stock[VIDX.get(lot.vaccine)!];
		const existing = holdings.find((h) => h.lot === lot);
		if (existing) existing.onHand += doses;
		else {
			holdings.push({ lot, onHand: doses });
			holdings.sort((a, b) => a.lot.expiryDay - b.lot.expiryDay || (a.lot.number < b.lot.number ? -1 : a.lot.number > b.lot.number ? 1 : 0));
		}
		if (node instanceof Site) node.p.stockedSites.add(node);
		else this.#storesWithStock.add(node);
	}

	/** Takes up to `doses` of a vaccine, earliest expiry first, skipping expired lots. */
	#take(node: Node, v: number, doses: number, day: number): [Lot, number][] {
		const parts: [Lot, number][] = [];
		for (const h of node.stock[v]) {
			if (doses <= 0) break;
			if (h.lot.expiryDay < day || h.onHand <= 0) continue;
			const n = Math.min(h.onHand, doses);
			h.onHand -= n;
			doses -= n;
			parts.push([h.lot, n]);
		}
		return parts;
	}

	/** Ships doses from one facility to the next: stock.issued now, stock.received on arrival. */
	#ship(t: number, from: Node, to: Node, v: number, doses: number, transitMs: number, opts: { batchId?: string; type?: 'stock.issued' | 'stock.transferred' | 'stock.returned'; onArrive?: (t: number) => void } = {}): number {
		doses = Math.floor(doses);
		if (doses <= 0) return 0;
		const parts = this.#take(from, v, doses, dayOf(t));
		if (parts.length === 0) return 0;
		let total = 0;
		for (const [lot, n] of parts) {
			total += n;
			this.#facilityEvent(from, t, opts.type ?? 'stock.issued', { vaccine: lot.vaccine, lot_number: lot.number, expiry_date: lot.expiry, doses: n, to_facility: to.f.id });
		}
		to.inbound[v] += total;
		const arrive = Math.round(t + transitMs);
		this.#at(arrive, () => {
			to.inbound[v] -= total;
			for (const [lot, n] of parts) {
				this.#add(to, lot, n);
				const fields: Record<string, unknown> = { vaccine: lot.vaccine, lot_number: lot.number, expiry_date: lot.expiry, doses: n, from_facility: from.f.id };
				if (opts.batchId) fields.batch_id = opts.batchId;
				this.#facilityEvent(to, arrive, 'stock.received', fields);
			}
			opts.onArrive?.(arrive);
		});
		return total;
	}

	#newLot(vaccine: VaccineCode, day: number, random: Random, shelfDays?: number): Lot {
		const n = (this.#lotSeq.get(vaccine) ?? 0) + 1;
		this.#lotSeq.set(vaccine, n);
		const digits = (k: number) => String(Math.floor(random() * 10 ** k)).padStart(k, '0');
		const yymm = dateOf(day).slice(2, 7).replace('-', '');
		const number = {
			AZ: () => `ABV${digits(4)}`,
			PFIZER: () => `F${pick(random, ['E', 'F', 'G'])}${digits(4)}`,
			MODERNA: () => `${300}${digits(4)}`,
			SINOPHARM: () => `20${yymm}B${digits(4)}`,
			SPUTNIK_V: () => `I${digits(6)}`,
			ABDALA: () => `A${yymm}${digits(3)}`,
			JANSSEN: () => `XD${digits(6)}`,
			HAYAT_VAX: () => `HV${yymm}${digits(3)}`
		}[vaccine]();
		const [lo, hi] = SHELF[vaccine];
		const expiryDay = day + (shelfDays ?? int(random, lo, hi));
		// The sequence suffix keeps lot numbers unique within a run.
		return { number: `${number}-${n}`, vaccine, expiry: dateOf(expiryDay), expiryDay };
	}

	// --- start ------------------------------------------------------------------------------------------------------

	#init(start: number): void {
		const day = this.day0;
		for (const p of this.provinces) this.#seedEarlierFirstDoses(p, day);
		// Opening stock: what the chain holds when the simulation starts, moved down in the small hours.
		this.#at(start + 20 * MINUTE_MS, () => this.#arrivals(day, 21, true));
		this.#at(start + 40 * MINUTE_MS, () => this.#allocate(day, 14, 45 * MINUTE_MS, 40 * MINUTE_MS));
		this.#at(start + 3.5 * HOUR_MS, () => {
			for (const p of this.provinces) this.#replenishDistricts(p, day, 30 * MINUTE_MS);
		});
		this.#at(start + 4.5 * HOUR_MS, () => this.#dayTick(day));
		// Registrations for the rest of the first week (made before the simulation starts: their events from now on).
		this.#at(start + 4.75 * HOUR_MS, () => {
			for (let a = day + 1; a < day + 7; a++) for (const p of this.provinces) this.#planRegistrations(p, day, a, (a - day) / 7);
		});
	}

	/** People who had a first dose in the weeks before the simulation starts and come for the next one during it. */
	#seedEarlierFirstDoses(p: Province, day0: number): void {
		const random = p.s.random;
		for (let d = day0 - 100; d < day0; d++) {
			const share = d < AUG_15 ? 0.85 : d < OCT_1 ? 0.7 : d < NOV_1 ? 0.45 : 0.3;
			const n = roundRandom(random, this.expectedDoses(p.code, d) * share * (1 - boosterShare(d)));
			const mix = firstDoseMix(d);
			const items = Object.entries(mix) as [VaccineCode, number][];
			for (let i = 0; i < n; i++) {
				const vaccine = pickWeighted(random, items);
				const info = VACCINE.get(vaccine)!;
				if (info.primaryDoses < 2) continue;
				const due = d + info.minIntervalDays + intervalLagDays(vaccine, random);
				if (due < day0 - 10) continue; // came back before the simulation started
				const person = this.#newPerson(p, d);
				person.vaccine = vaccine;
				person.nextDose = 2;
				p.due.add(person, due >= day0 ? due : day0 + int(random, 0, 6));
			}
		}
	}

	#newPerson(p: Province, day: number): Person {
		const random = p.s.random;
		const year = Number(dateOf(day).slice(0, 4));
		const birthYear = adultBirthYear(random, year);
		const female = random() < 0.51;
		return {
			cid: this.#ids.next(p.code, birthYear, female),
			birthYear,
			group: priorityGroup(random, year - birthYear, day >= AUG_15),
			vaccine: null,
			nextDose: 1,
			site: null,
			district: null
		};
	}

	/** A person fully vaccinated at least 3 months ago, or, when there is none, one whose doses predate the run. */
	#boosterPerson(p: Province, day: number): Person {
		const c = p.completed[p.completedHead];
		if (c && c.day <= day - 90) {
			p.completedHead++;
			if (p.completedHead > 4096 && p.completedHead * 2 > p.completed.length) {
				p.completed.splice(0, p.completedHead);
				p.completedHead = 0;
			}
			c.person.vaccine = null;
			return c.person;
		}
		const person = this.#newPerson(p, day);
		person.nextDose = 3;
		return person;
	}

	// --- national level -----------------------------------------------------------------------------------------------

	/** Manufacturer deliveries to the national store: order up to `days` of need for the selected provinces. */
	#arrivals(day: number, days: number, all: boolean): void {
		const t = this.#now;
		const need = new Float64Array(NV);
		const pipeline = new Float64Array(NV);
		for (const p of this.provinces) {
			const n = this.#need(p, day, day + days);
			const have = this.#downstream(p, day, true);
			for (let v = 0; v < NV; v++) {
				need[v] += n[v];
				pipeline[v] += have[v];
			}
		}
		for (const r of this.#regionals.values()) for (let v = 0; v < NV; v++) pipeline[v] += r.onHand(v, day) + r.inbound[v];
		for (let v = 0; v < NV; v++) pipeline[v] += this.#national.onHand(v, day);
		const random = this.#nationalStream.random;
		for (let v = 0; v < NV; v++) {
			if (!all && (day - this.day0 + v) % 7 !== 0) continue; // each vaccine arrives weekly, on its own weekday
			const order = Math.ceil(need[v] * 1.1 - pipeline[v]);
			if (order <= 0 || order < need[v] * 0.1) continue;
			const vaccine = VACCINE_CODES[v];
			const lots = order > 60 ? int(random, 1, 3) : 1;
			let left = order;
			for (let i = 0; i < lots; i++) {
				const doses = i === lots - 1 ? left : Math.floor(order / lots);
				left -= doses;
				const lot = this.#newLot(vaccine, day, random);
				this.#add(this.#national, lot, doses);
				this.#facilityEvent(this.#national, t, 'stock.received', { vaccine, lot_number: lot.number, expiry_date: lot.expiry, doses });
			}
		}
	}

	/**
	 * An allocation batch: the national store allocates to each province what it needs for `days` beyond its stock
	 * (stock.allocated), then ships via the regional stores to the provincial ones.
	 */
	#allocate(day: number, days: number, toRegionalMs: number, toProvincialMs: number, only?: { p: Province; v: number; lot: Lot; batchId: string }): void {
		const t = this.#now;
		const national = this.#national;
		const byRegional = new Map<Node, { p: Province; v: number; doses: number; batchId: string }[]>();
		const yymmdd = dateOf(day).slice(2).replaceAll('-', '');
		for (let v = 0; v < NV; v++) {
			if (only && only.v !== v) continue;
			const available = only ? (national.stock[v].find((h) => h.lot === only.lot)?.onHand ?? 0) : national.onHand(v, day);
			if (available <= 0) continue;
			const wants = this.provinces.map((p) => {
				if (only) return p === only.p ? available : 0;
				const need = this.#need(p, day, day + days)[v] * 1.1;
				const have = this.#downstream(p, day, true)[v];
				return Math.max(0, need - have);
			});
			const total = wants.reduce((a, b) => a + b, 0);
			if (total <= 0) continue;
			const ratio = Math.min(1, available / total);
			const batchId = only?.batchId ?? `AB${yymmdd}-${VACCINE_CODES[v]}`;
			this.provinces.forEach((p, i) => {
				const doses = Math.floor(wants[i] * ratio);
				if (doses <= 0) return;
				this.#facilityEvent(national, t, 'stock.allocated', { batch_id: batchId, vaccine: VACCINE_CODES[v], doses, to_province: p.code });
				let list = byRegional.get(p.regional);
				if (!list) byRegional.set(p.regional, (list = []));
				list.push({ p, v, doses, batchId });
			});
		}
		for (const [regional, parts] of byRegional) {
			// One shipment per vaccine to each regional store, then on to the provinces' stores.
			const perVaccine = new Map<number, typeof parts>();
			for (const part of parts) {
				let list = perVaccine.get(part.v);
				if (!list) perVaccine.set(part.v, (list = []));
				list.push(part);
			}
			for (const [v, list] of perVaccine) {
				const doses = list.reduce((a, x) => a + x.doses, 0);
				const transit = regional.f.provinceCode === national.f.provinceCode ? toRegionalMs / 3 : toRegionalMs;
				this.#ship(t, national, regional, v, doses, transit, {
					batchId: list[0].batchId,
					onArrive: (arrived) => {
						for (const part of list) {
							const onward = arrived + 30 * MINUTE_MS + (part.p.index % 6) * 5 * MINUTE_MS;
							this.#at(onward, () => this.#ship(onward, regional, part.p.store, v, part.doses, toProvincialMs * (0.6 + 0.8 * this.#nationalStream.random()), { batchId: part.batchId }));
						}
					}
				});
			}
		}
	}

	// --- the day ------------------------------------------------------------------------------------------------------

	#dayTick(day: number): void {
		const start = dayStart(day);
		const cycle = day - this.day0;
		// Tomorrow first: the agenda is a heap, order of insertion does not matter for times.
		this.#at(dayStart(day + 1), () => this.#dayTick(day + 1));
		this.#planTroubles(day, cycle);
		for (const p of this.provinces) {
			this.#planDay(p, day);
			this.#planRegistrations(p, day, day + 7, 1);
		}
		this.#coldChain(day);
		this.#at(start + 6 * HOUR_MS, () => {
			for (const p of this.provinces) this.#deliverToSites(p, day);
		});
		this.#at(start + 8 * HOUR_MS, () => {
			for (const p of this.provinces) this.#replenishDistricts(p, day, int(this.#nationalStream.random, 180, 300) * MINUTE_MS);
		});
		this.#at(start + 9 * HOUR_MS, () => this.#expire(day));
		if (cycle > 0) this.#at(start + 9.25 * HOUR_MS, () => this.#arrivals(day, 21, false));
		if (cycle > 0 && cycle % 3 === 0) this.#at(start + 10 * HOUR_MS, () => this.#allocate(day, 14, 20 * HOUR_MS, 10 * HOUR_MS));
		this.#at(start + 16 * HOUR_MS, () => this.#returns(day));
		this.#at(start + 17.25 * HOUR_MS, () => this.#wastage(day));
		this.#at(start + 17.75 * HOUR_MS, () => this.#count(day, true));
		this.#at(start + 18 * HOUR_MS, () => this.#count(day, false));
	}

	/** Persons and visits of a province's day: appointments, people due for a next dose, boosters, walk-ins. */
	#planDay(p: Province, day: number): void {
		const random = p.s.random;
		const start = dayStart(day);
		const k = this.#openCount(p, day);
		const open = p.sites.slice(0, k);
		for (const site of open) openSite(site, day);
		const target = roundRandom(random, this.expectedDoses(p.code, day) * 1.03);
		const visits: Visit[] = [];

		const appointments = p.appointments.get(day) ?? [];
		p.appointments.delete(day);
		for (const a of appointments) {
			if (a.site.openDay !== day) {
				openSite(a.site, day);
				open.push(a.site);
			}
			if (random() < 0.06) {
				this.#channelEvent(p, start + 17.5 * HOUR_MS + int(random, 0, 30) * MINUTE_MS, REGISTRATION_CHANNEL, 'registration.no_show', { registration_id: a.registrationId });
				continue;
			}
			const at = clampToSession(start, a.slot - start + uniform(random, -15, 50) * MINUTE_MS);
			visits.push({ person: a.person, site: a.site, at, dose: a.dose, vaccine: a.person.vaccine, registrationId: a.registrationId });
		}

		const bySite = (district: string | null): Site => {
			if (district) {
				const local = p.districts.get(district)!.sites.filter((s) => s.openDay === day);
				if (local.length > 0) return pick(random, local);
			}
			return pickSite(random, open);
		};
		const dueCap = Math.max(0, target - appointments.length);
		for (const person of p.due.take(day, dueCap)) {
			const site = person.site && person.site.openDay === day && random() < 0.9 ? person.site : bySite(person.district);
			visits.push({ person, site, at: sessionTime(random, start), dose: person.nextDose, vaccine: person.vaccine });
		}

		const free = Math.max(0, target - visits.length);
		const boosters = roundRandom(random, free * boosterShare(day));
		// What the districts and sites of the province hold this morning: first doses only where there is vaccine.
		const available = this.#downstream(p, day, false);
		for (const v of visits) if (v.vaccine) available[VIDX.get(v.vaccine)!]--;
		const firstMix = mixArray(firstDoseMix(day));
		const boosterMix = mixArray(BOOSTER_MIX);
		const choose = (mix: Float64Array, strict: boolean): VaccineCode | null => {
			const weights = new Float64Array(NV);
			for (let v = 0; v < NV; v++) weights[v] = available[v] > 0 ? mix[v] : 0;
			let i = weightedIndex(random, weights);
			if (i < 0) {
				if (strict) return null;
				i = weightedIndex(random, mix);
			}
			available[i]--;
			return VACCINE_CODES[i];
		};
		for (const v of visits) if (!v.vaccine) v.vaccine = choose(v.dose === 1 ? firstMix : boosterMix, false);
		for (let i = 0; i < free; i++) {
			const booster = i < boosters;
			const vaccine = choose(booster ? boosterMix : firstMix, true);
			if (!vaccine) break; // nothing to offer: nobody is invited
			const person = booster ? this.#boosterPerson(p, day) : this.#newPerson(p, day);
			visits.push({ person, site: pickSite(random, open), at: sessionTime(random, start), dose: person.nextDose, vaccine });
		}
		for (const visit of visits) {
			visit.site.plannedToday[VIDX.get(visit.vaccine!)!]++;
			this.#at(visit.at, () => this.#checkIn(visit, day));
		}
		for (const site of open) site.lastOpenDay = day;
		this.#applySiteTroubles(p, day);
	}

	/** Registrations for appointments on day `a`, submitted from now on (within `spread` × 4 days). */
	#planRegistrations(p: Province, day: number, a: number, spread: number): void {
		const random = p.s.random;
		const now = this.#now;
		const expected = this.expectedDoses(p.code, a) * 1.03;
		// People due by day a, less those the days until then (today is planned already) will have served.
		const due = p.due.countsUpTo(a);
		let waiting = 0;
		for (let i = 0; i <= NV; i++) waiting += due[i];
		for (let d = day + 1; d < a; d++) waiting -= this.expectedDoses(p.code, d) * 1.03;
		const free = Math.max(0, expected - Math.max(0, waiting));
		const share = a < AUG_15 ? 0.55 : 0.75;
		const n = roundRandom(random, free * share);
		if (n === 0) return;
		const k = this.#openCount(p, a);
		const open = p.sites.slice(0, k);
		const aStart = dayStart(a);
		const latest = aStart - 6 * HOUR_MS;
		const yymmdd = dateOf(day).slice(2).replaceAll('-', '');
		const early = a < SEP_1;
		for (let i = 0; i < n; i++) {
			const booster = random() < boosterShare(a);
			const person = booster ? this.#boosterPerson(p, a) : this.#newPerson(p, a);
			const site = pickSite(random, open);
			if (p.regDay !== day) {
				p.regDay = day;
				p.regSeq = 0;
			}
			const registrationId = `R-${p.code}-${yymmdd}-${++p.regSeq}`;
			const room = Math.max(0, latest - now);
			// submitted → approved → allocated → scheduled, all before the day of the appointment
			const submitted = now + Math.floor(random() * Math.min(room * 0.55, spread * 4 * DAY_MS + HOUR_MS));
			const approved = submitted + Math.floor(room * 0.15 * random()) + 5 * MINUTE_MS;
			const allocated = approved + Math.floor(room * 0.1 * random()) + 5 * MINUTE_MS;
			let scheduled = allocated + Math.floor(room * 0.15 * random()) + 5 * MINUTE_MS;
			let day2 = a;
			const backlog = this.troubles.find((x) => x.kind === 'registration_backlog' && x.provinceCode === p.code && x.districtCode === site.f.districtCode && allocated >= x.from && allocated < x.to);
			if (backlog) {
				// The district's schedulers are swamped: approved and allocated, then nothing until the backlog clears.
				scheduled = backlog.to + Math.floor(random() * 30 * HOUR_MS);
				day2 = Math.max(a, dayOf(scheduled) + 2);
			}
			const channel = pickWeighted(random, early ? ([['list', 60], ['app', 25], ['portal', 15]] as const) : ([['list', 40], ['app', 38], ['portal', 22]] as const));
			this.#channelEvent(p, submitted, REGISTRATION_CHANNEL, 'registration.submitted', {
				registration_id: registrationId,
				citizen_id: person.cid,
				birth_year: person.birthYear,
				priority_group: person.group,
				channel,
				dose_number: person.nextDose
			});
			this.#channelEvent(p, approved, REGISTRATION_CHANNEL, 'registration.approved', { registration_id: registrationId });
			this.#channelEvent(p, allocated, REGISTRATION_CHANNEL, 'registration.allocated', { registration_id: registrationId, district_code: site.f.districtCode });
			const [hour] = pickWeighted(random, SLOT_HOURS.map((h) => [h, h[1]] as const));
			const slot = dayStart(day2) + hour * HOUR_MS;
			this.#channelEvent(p, scheduled, REGISTRATION_CHANNEL, 'registration.scheduled', {
				registration_id: registrationId,
				site_id: site.f.id,
				slot_start: localIso(slot),
				dose_number: person.nextDose
			});
			if (random() < 0.03) {
				const cancelled = scheduled + Math.floor(random() * Math.max(HOUR_MS, slot - scheduled - HOUR_MS));
				this.#channelEvent(p, Math.min(cancelled, slot - 30 * MINUTE_MS), REGISTRATION_CHANNEL, 'registration.cancelled', { registration_id: registrationId, reason: pick(random, CANCEL_REASONS) });
				continue;
			}
			let list = p.appointments.get(day2);
			if (!list) p.appointments.set(day2, (list = []));
			list.push({ person, site, slot, dose: person.nextDose, registrationId });
		}
	}

	// --- visits -------------------------------------------------------------------------------------------------------

	#checkIn(visit: Visit, day: number): void {
		const { person, site } = visit;
		const random = site.p.s.random;
		const t = this.#now;
		const visitId = `V-${site.f.id}-${dateOf(day).slice(2).replaceAll('-', '')}-${++site.visitSeq}`;
		const fields: Record<string, unknown> = {
			visit_id: visitId,
			citizen_id: person.cid,
			birth_year: person.birthYear,
			priority_group: person.group,
			dose_number: visit.dose
		};
		if (visit.registrationId) fields.registration_id = visit.registrationId;
		this.#facilityEvent(site, t, 'visit.checked_in', fields);
		const screened = t + Math.round(uniform(random, 3, 14) * MINUTE_MS);
		const roll = random();
		const deferRate = visit.dose === 1 ? 0.032 : 0.02;
		if (roll < deferRate) {
			const reason = pickWeighted(random, Object.entries(DEFERRAL_WEIGHTS) as [string, number][]);
			this.#facilityEvent(site, screened, 'visit.screened', { visit_id: visitId, outcome: 'deferred', deferral_reason: reason });
			person.site = site;
			person.district = site.f.districtCode;
			if (visit.dose === 1) person.vaccine = null;
			site.p.due.add(person, day + (reason === 'recent_covid' ? 90 : reason === 'pregnancy' ? 120 : int(random, 7, 21)));
			return;
		}
		if (roll < deferRate + 0.003) {
			this.#facilityEvent(site, screened, 'visit.screened', { visit_id: visitId, outcome: 'referred' });
			return; // vaccinated at a hospital, outside this system
		}
		this.#facilityEvent(site, screened, 'visit.screened', { visit_id: visitId, outcome: 'eligible' });
		const attempt = screened + Math.round(uniform(random, 2, 10) * MINUTE_MS);
		this.#at(attempt, () => this.#inject(visit, visitId, day));
	}

	#inject(visit: Visit, visitId: string, day: number): void {
		const { person, site } = visit;
		const p = site.p;
		const random = p.s.random;
		const t = this.#now;
		const v = VIDX.get(visit.vaccine!)!;
		const holding = site.stock[v].find((h) => h.onHand > 0 && h.lot.expiryDay >= day);
		if (!holding) {
			// No vaccine: the person waits (checked in and screened, not injected); tomorrow if nothing arrives.
			const retry = t + 20 * MINUTE_MS;
			if (retry < dayStart(day) + SESSION_END) this.#at(retry, () => this.#inject(visit, visitId, day));
			else {
				if (visit.dose === 1) person.vaccine = null;
				person.site = site;
				person.district = site.f.districtCode;
				p.due.add(person, day + 1);
			}
			return;
		}
		holding.onHand--;
		site.usedToday[v]++;
		site.lastLot[v] = holding;
		const vaccine = visit.vaccine!;
		this.#facilityEvent(site, t, 'visit.injected', {
			visit_id: visitId,
			citizen_id: person.cid,
			vaccine,
			lot_number: holding.lot.number,
			dose_number: visit.dose,
			table_no: 1 + Math.floor(random() * site.f.tables),
			birth_year: person.birthYear,
			priority_group: person.group
		});
		const observed = t + Math.round((30 + random() * 5) * MINUTE_MS);
		let aefi: 'none' | 'mild' | 'severe' = 'none';
		if (site.severeAt > 0 && t >= site.severeAt) {
			aefi = 'severe';
			site.severeAt = 0;
			this.troubles.push({ kind: 'severe_aefi', provinceCode: p.code, facilityId: site.f.id, vaccine, from: observed, to: observed + 15 * MINUTE_MS, note: `severe AEFI (anaphylaxis) after ${vaccine}, visit ${visitId}` });
		} else if (random() < 0.00001) aefi = 'severe';
		else if (random() < 0.01) aefi = 'mild';
		if (aefi === 'none') this.#facilityEvent(site, observed, 'visit.observation_ended', { visit_id: visitId, aefi });
		else {
			const symptoms = aefi === 'severe' ? SEVERE_SYMPTOMS : pick(random, MILD_SYMPTOMS);
			this.#facilityEvent(site, observed, 'visit.observation_ended', { visit_id: visitId, aefi, aefi_symptoms: symptoms });
			if (aefi === 'severe') this.#facilityEvent(site, observed + int(random, 3, 15) * MINUTE_MS, 'visit.aefi_reported', { visit_id: visitId, aefi, aefi_symptoms: symptoms });
		}
		if (aefi === 'none' && random() < 0.0015) {
			this.#facilityEvent(site, observed + int(random, 6 * 60, 30 * 60) * MINUTE_MS, 'visit.aefi_reported', { visit_id: visitId, aefi: 'mild', aefi_symptoms: pick(random, MILD_SYMPTOMS) });
		}
		const lag = random();
		const certified =
			lag < 0.75 ? observed + int(random, 1, 20) * MINUTE_MS : lag < 0.95 ? observed + int(random, 60, 300) * MINUTE_MS : dayStart(day + 1) + int(random, 8 * 60, 10 * 60) * MINUTE_MS;
		const cert: Record<string, unknown> = { visit_id: visitId, dose_number: visit.dose };
		if (random() < 0.9) cert.certificate_no = `GCN-${visitId.slice(2)}`;
		this.#facilityEvent(site, certified, 'visit.certified', cert);
		this.#verify(p, visitId, person.cid, Math.max(t, this.#deliverAt(site, t)), day);

		// The person's next dose.
		person.site = site;
		person.district = site.f.districtCode;
		const info = VACCINE.get(vaccine)!;
		if (visit.dose < info.primaryDoses) {
			person.vaccine = vaccine;
			person.nextDose = visit.dose + 1;
			p.due.add(person, day + info.minIntervalDays + intervalLagDays(vaccine, random));
		} else if (visit.dose === info.primaryDoses) {
			person.nextDose = visit.dose + 1;
			p.completed.push({ person, day });
		}
	}

	/** Record verification against the national population database, days after the record reaches it. */
	#verify(p: Province, visitId: string, cid: string, available: number, day: number): void {
		const random = p.s.random;
		const roll = random();
		if (roll >= 0.98) return; // still pending
		const median = day < OCT_15 ? 2.5 : 0.8;
		const lag = Math.min(20, lognormal(random, median, 0.8)) * DAY_MS;
		const at = Math.round(available + 10 * MINUTE_MS + lag);
		if (roll < 0.96) {
			this.#channelEvent(p, at, VERIFICATION_CHANNEL, 'record.verified', { visit_id: visitId, citizen_id: cid });
			return;
		}
		const reason = pickWeighted(random, Object.entries(REJECT_WEIGHTS) as [string, number][]);
		this.#channelEvent(p, at, VERIFICATION_CHANNEL, 'record.rejected', { visit_id: visitId, citizen_id: cid, reason });
		if (random() < 0.6) this.#channelEvent(p, at + int(random, 2, 10) * DAY_MS, VERIFICATION_CHANNEL, 'record.verified', { visit_id: visitId, citizen_id: cid });
	}

	// --- daily stock work ---------------------------------------------------------------------------------------------

	/** 06:00: each open site gets today's doses (+10 %) from its district store, by vaccine. */
	#deliverToSites(p: Province, day: number): void {
		const t = this.#now;
		const random = p.s.random;
		for (const site of p.sites) {
			if (site.openDay !== day) continue;
			for (let v = 0; v < NV; v++) {
				const planned = site.plannedToday[v];
				if (planned <= 0) continue;
				if (site.withhold === v) continue; // the trouble spot: nothing arrives this morning
				const need = Math.ceil(planned * 1.1) + 1 - site.onHand(v, day) - site.inbound[v];
				if (need <= 0) continue;
				const transit = int(random, 25, 55) * MINUTE_MS;
				const sent = this.#ship(t + (site.order % 20) * MINUTE_MS, site.supplier, site, v, need, transit);
				if (sent < need && p.store.onHand(v, day) > 0) {
					// The district store is short: the provincial store sends to it at once, and it forwards.
					const short = need - sent;
					const store = site.supplier;
					this.#ship(t, p.store, store, v, short, 2 * HOUR_MS, {
						onArrive: (arrived) => this.#at(arrived + 10 * MINUTE_MS, () => this.#ship(this.#now, store, site, v, short, transit))
					});
				}
			}
		}
	}

	/** 08:00: the provincial store tops each district store up to 5 days of its open sites' share of the need. */
	#replenishDistricts(p: Province, day: number, transitMs: number): void {
		const t = this.#now;
		const k = Math.max(this.#openCount(p, day), this.#openCount(p, day + 3));
		const weights = new Map<string, number>();
		let total = 0;
		for (let i = 0; i < k; i++) {
			const site = p.sites[i];
			weights.set(site.f.districtCode, (weights.get(site.f.districtCode) ?? 0) + site.f.tables);
			total += site.f.tables;
		}
		const need = this.#need(p, day + 1, day + 6);
		for (const [code, weight] of weights) {
			const district = p.districts.get(code)!;
			for (let v = 0; v < NV; v++) {
				const target = (need[v] * weight) / total;
				if (target <= 0) continue;
				let have = district.store.onHand(v, day) + district.store.inbound[v];
				for (const site of district.sites) if (p.stockedSites.has(site)) have += site.onHand(v, day) + site.inbound[v];
				const gap = Math.ceil(target - have);
				if (gap < Math.max(2, target * 0.2)) continue;
				this.#ship(t, p.store, district.store, v, gap, transitMs);
			}
		}
	}

	/** 09:00: lots past their expiry date are written off where they are. */
	#expire(day: number): void {
		const t = this.#now;
		const nodes: Node[] = [this.#national, ...this.#regionals.values(), ...this.#storesWithStock];
		for (const p of this.provinces) nodes.push(...p.stockedSites);
		const seen = new Set<Node>();
		for (const node of nodes) {
			if (seen.has(node)) continue;
			seen.add(node);
			for (let v = 0; v < NV; v++) {
				for (const h of node.stock[v]) {
					if (h.lot.expiryDay >= day || h.onHand <= 0) continue;
					this.#facilityEvent(node, t, 'stock.wasted', { vaccine: h.lot.vaccine, lot_number: h.lot.number, doses: h.onHand, reason: 'expired' });
					h.onHand = 0;
				}
			}
		}
	}

	/** 16:00: sites idle for 3 days send their stock back to the district store. */
	#returns(day: number): void {
		const t = this.#now;
		for (const p of this.provinces) {
			for (const site of p.stockedSites) {
				if (site.openDay === day || site.lastOpenDay > day - 3) continue;
				for (let v = 0; v < NV; v++) {
					const n = site.onHand(v, day);
					if (n > 0) this.#ship(t, site, site.supplier, v, n, 40 * MINUTE_MS, { type: 'stock.returned' });
				}
			}
		}
	}

	/** 17:15: open multi-dose vials left at the end of the session; now and then a broken vial. */
	#wastage(day: number): void {
		const t = this.#now;
		for (const p of this.provinces) {
			const random = p.s.random;
			for (const site of p.sites) {
				if (site.openDay !== day) continue;
				for (let v = 0; v < NV; v++) {
					const used = site.usedToday[v];
					const holding = site.lastLot[v];
					if (used <= 0 || !holding) continue;
					const vial = VIAL[VACCINE_CODES[v]];
					// The last vial opened is not always finished (half the time someone else is found for it).
					const left = random() < 0.5 ? (vial - (used % vial)) % vial : 0;
					const broken = random() < 0.004 ? Math.min(vial, holding.onHand - Math.min(left, holding.onHand)) : 0;
					for (const [doses, reason] of [[Math.min(left, holding.onHand), 'open_vial'], [broken, 'broken']] as const) {
						if (doses <= 0) continue;
						holding.onHand -= doses;
						this.#facilityEvent(site, t, 'stock.wasted', { vaccine: holding.lot.vaccine, lot_number: holding.lot.number, doses, reason });
					}
				}
			}
		}
	}

	/** 17:45 sites, 18:00 stores: a count of every lot on hand (0 for a lot emptied since the last count). */
	#count(day: number, sites: boolean): void {
		const t = this.#now;
		const nodes = new Set<Node>();
		if (sites) for (const p of this.provinces) for (const site of p.stockedSites) nodes.add(site);
		else for (const node of [this.#national, ...this.#regionals.values(), ...this.#storesWithStock]) nodes.add(node);
		for (const node of nodes) {
			let any = false;
			for (let v = 0; v < NV; v++) {
				const holdings = node.stock[v];
				for (const h of holdings) this.#facilityEvent(node, t, 'stock.counted', { vaccine: h.lot.vaccine, lot_number: h.lot.number, expiry_date: h.lot.expiry, on_hand: h.onHand });
				node.stock[v] = holdings.filter((h) => h.onHand > 0);
				if (node.stock[v].length > 0) any = true;
			}
			if (!any && node instanceof Site && node.inbound.every((x) => x === 0)) node.p.stockedSites.delete(node);
		}
	}

	// --- cold chain ---------------------------------------------------------------------------------------------------

	#coldChain(day: number): void {
		const start = dayStart(day);
		for (const p of this.provinces) {
			const random = p.s.random;
			for (const site of p.sites) {
				if (site.openDay !== day) continue;
				const bias = ((hashString(site.f.id, this.seed) % 1000) / 1000 - 0.5) * 1.6;
				const freezer = site.onHand(VIDX.get('SPUTNIK_V')!, day) > 0 || site.plannedToday[VIDX.get('SPUTNIK_V')!] > 0;
				for (let t = start + 7 * HOUR_MS + int(random, 0, 20) * MINUTE_MS; t < start + 17.5 * HOUR_MS; t += int(random, 30, 60) * MINUTE_MS) {
					const ex = site.excursion;
					if (ex && t >= ex.from && t < ex.to + 20 * MINUTE_MS) continue;
					let temperature = 5 + bias + 0.6 * normal(random);
					temperature = Math.min(7.7, Math.max(2.3, temperature));
					if (random() < 0.004) temperature = uniform(random, 8.1, 9.2); // a door left open: one reading
					this.#facilityEvent(site, t, 'coldchain.reading', { device_id: `${site.f.id}:F1`, temperature_c: round1(temperature) });
					// A working freezer stays inside -25…-18 °C, as a working fridge stays inside 2–8 °C.
					if (freezer) this.#facilityEvent(site, t, 'coldchain.reading', { device_id: `${site.f.id}:FZ1`, temperature_c: round1(Math.min(-18.3, Math.max(-24.7, -20.5 + 1.2 * normal(random)))), vaccine: 'SPUTNIK_V' });
				}
				const ex = site.excursion;
				if (ex) {
					for (let t = ex.from; t < ex.to; t += 10 * MINUTE_MS) {
						this.#facilityEvent(site, t, 'coldchain.reading', { device_id: `${site.f.id}:F1`, temperature_c: round1(uniform(random, 8.6, 11.8)) });
					}
					this.#facilityEvent(site, ex.to, 'coldchain.reading', { device_id: `${site.f.id}:F1`, temperature_c: round1(uniform(random, 6.2, 7.6)) });
					site.excursion = null;
				}
			}
		}
		// Stores: a cold-room logger every hour, day and night.
		const stores = new Set<Node>([this.#national, ...this.#regionals.values(), ...this.provinces.map((p) => p.store), ...this.#storesWithStock]);
		const random = this.#nationalStream.random;
		for (const store of stores) {
			const bias = ((hashString(store.f.id, this.seed) % 1000) / 1000 - 0.5) * 1.2;
			const offset = (hashString(store.f.id, this.seed + 1) % 60) * MINUTE_MS;
			for (let h = 0; h < 24; h++) {
				const t = start + h * HOUR_MS + offset;
				if (t < this.#now) continue; // the first day starts in the small hours
				this.#facilityEvent(store, t, 'coldchain.reading', { device_id: `${store.f.id}:CR1`, temperature_c: round1(Math.min(7.6, Math.max(2.4, 4.8 + bias + 0.5 * normal(random)))) });
			}
		}
	}

	// --- trouble spots ------------------------------------------------------------------------------------------------

	/** Which province gets trouble of a kind in a week: the big ones first, rotating, kinds spread. */
	#troubleProvince(cycle: number, offset: number): Province {
		const ordered = (this.#byPopulation ??= [...this.provinces].sort((a, b) => PROVINCE_BY_CODE.get(b.code)!.population2019 - PROVINCE_BY_CODE.get(a.code)!.population2019));
		return ordered[(Math.floor(cycle / 7) + offset) % ordered.length];
	}

	#planTroubles(day: number, cycle: number): void {
		const start = dayStart(day);
		const random = this.#nationalStream.random;
		if (cycle % 14 === 0) {
			const p = this.#troubleProvince(cycle, 2);
			const site = p.sites[0];
			this.troubles.push({
				kind: 'registration_backlog',
				provinceCode: p.code,
				districtCode: site.f.districtCode,
				from: start,
				to: start + 7 * DAY_MS,
				note: `district ${site.f.districtCode}: registrations approved and allocated but not scheduled for a week`
			});
		}
		if (cycle % 14 === 1) {
			const p = this.#troubleProvince(cycle, 3);
			const mix = firstDoseMix(day);
			const vaccine = (Object.entries(mix) as [VaccineCode, number][]).sort((a, b) => b[1] - a[1])[0][0];
			const v = VIDX.get(vaccine)!;
			const doses = Math.max(40, Math.round(20 * this.expectedDoses(p.code, day) * (mix[vaccine] ?? 0)));
			const t = start + 9.5 * HOUR_MS;
			this.#at(t, () => {
				const lot = this.#newLot(vaccine, day, random, 10);
				this.#add(this.#national, lot, doses);
				this.#facilityEvent(this.#national, t, 'stock.received', { vaccine, lot_number: lot.number, expiry_date: lot.expiry, doses });
				this.#allocate(day, 14, 20 * HOUR_MS, 10 * HOUR_MS, { p, v, lot, batchId: `AB${dateOf(day).slice(2).replaceAll('-', '')}-${vaccine}-X` });
				this.troubles.push({
					kind: 'expiring_lot',
					provinceCode: p.code,
					facilityId: p.store.f.id,
					vaccine,
					lotNumber: lot.number,
					from: t,
					to: dayStart(lot.expiryDay + 1),
					note: `lot ${lot.number} (${vaccine}, ${doses} doses, about 20 days of the province's use) expires ${lot.expiry}: stock will be left`
				});
			});
		}
	}

	/** Site-level trouble of the day, once the day's plan is known. */
	#applySiteTroubles(p: Province, day: number): void {
		const cycle = day - this.day0;
		const start = dayStart(day);
		const open = p.sites.filter((s) => s.openDay === day);
		for (const site of open) {
			site.withhold = -1;
			site.silent = null;
		}
		if (open.length === 0) return;
		const random = p.s.random;
		if (cycle % 7 === 1 && this.#troubleProvince(cycle, 0) === p) {
			const site = open[0];
			let v = 0;
			for (let i = 1; i < NV; i++) if (site.plannedToday[i] > site.plannedToday[v]) v = i;
			if (site.plannedToday[v] > 0) {
				site.withhold = v;
				const resupply = start + 14 * HOUR_MS;
				this.#at(resupply, () => this.#emergencyResupply(site, v, day));
				this.troubles.push({
					kind: 'stockout',
					provinceCode: p.code,
					facilityId: site.f.id,
					vaccine: VACCINE_CODES[v],
					from: start + MORNING_START,
					to: resupply + HOUR_MS,
					note: `the morning delivery of ${VACCINE_CODES[v]} did not come: the site runs out while people keep arriving, until an emergency transfer in the afternoon`
				});
			}
		}
		if (cycle % 7 === 2 && this.#troubleProvince(cycle, 1) === p) {
			const site = open[Math.min(1, open.length - 1)];
			const to = start + 14.5 * HOUR_MS;
			site.silent = { from: start + 9.5 * HOUR_MS, to, deliverAt: to + int(random, 2, 10) * MINUTE_MS };
			this.troubles.push({ kind: 'silent_site', provinceCode: p.code, facilityId: site.f.id, from: site.silent.from, to, note: 'session open, no events from 09:30 to 14:30 (connection lost; held events uploaded after)' });
		}
		if (cycle % 7 === 3 && this.#troubleProvince(cycle, 2) === p) {
			const site = open[Math.min(2, open.length - 1)];
			site.excursion = { from: start + 10 * HOUR_MS, to: start + 11 * HOUR_MS + 20 * MINUTE_MS };
			this.troubles.push({ kind: 'coldchain_excursion', provinceCode: p.code, facilityId: site.f.id, from: site.excursion.from, to: site.excursion.to, note: 'vaccine fridge above 8 °C for 80 minutes (power cut)' });
		}
		if (cycle % 7 === 4 && this.#troubleProvince(cycle, 3) === p) {
			open[0].severeAt = start + 10 * HOUR_MS;
		}
	}

	/** 14:00 on a stock-out day: a nearby site transfers doses, or the district store sends them. */
	#emergencyResupply(site: Site, v: number, day: number): void {
		const t = this.#now;
		const p = site.p;
		let need = Math.max(1, Math.ceil(site.plannedToday[v] * 0.8) - site.usedToday[v]);
		// A nearby site lends what it will not use today; the district store sends the rest.
		for (const other of p.districts.get(site.f.districtCode)!.sites) {
			if (other === site || need <= 0 || !p.stockedSites.has(other)) continue;
			const spare = Math.floor(other.onHand(v, day) - (other.openDay === day ? other.plannedToday[v] - other.usedToday[v] : 0) - 1);
			if (spare > 0) need -= this.#ship(t, other, site, v, Math.min(spare, need), 30 * MINUTE_MS, { type: 'stock.transferred' });
		}
		if (need > 0) need -= this.#ship(t, site.supplier, site, v, need, 40 * MINUTE_MS);
		if (need > 0) this.#ship(t, p.store, site, v, need, 60 * MINUTE_MS);
		site.withhold = -1;
	}
}

// --- helpers ----------------------------------------------------------------------------------------------------------

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A site opens for the day: its counters of the day start from zero. */
function openSite(site: Site, day: number): void {
	if (site.openDay === day) return;
	site.openDay = day;
	site.plannedToday.fill(0);
	site.usedToday.fill(0);
	site.lastLot.fill(null);
	site.visitSeq = 0;
}

const mixCache = new Map<number, Float64Array>();
/** The mix of doses that are not a person's next primary dose: first doses and boosters. */
function freeMix(day: number): Float64Array {
	let mix = mixCache.get(day);
	if (mix) return mix;
	const b = boosterShare(day);
	const first = mixArray(firstDoseMix(day));
	const booster = mixArray(BOOSTER_MIX);
	mix = new Float64Array(NV);
	for (let v = 0; v < NV; v++) mix[v] = (1 - b) * first[v] + b * booster[v];
	if (mixCache.size > 2000) mixCache.clear();
	mixCache.set(day, mix);
	return mix;
}

function mixArray(mix: Partial<Record<VaccineCode, number>>): Float64Array {
	const a = new Float64Array(NV);
	for (const [code, w] of Object.entries(mix) as [VaccineCode, number][]) a[VIDX.get(code)!] = w;
	return a;
}

/** A site among the open ones, in proportion to its tables. */
function pickSite(random: Random, open: Site[]): Site {
	const weights = open.map((s) => s.f.tables);
	return open[Math.max(0, weightedIndex(random, weights))];
}

/** A moment of the day's sessions (07:30–11:30, 13:30–17:00), busier in the morning. */
function sessionTime(random: Random, start: number): number {
	const u = random() < 0.58 ? random() * 240 : 240 + random() * 210;
	const offset = u < 240 ? MORNING_START + u * MINUTE_MS : AFTERNOON_START + (u - 240) * MINUTE_MS;
	return Math.floor((start + offset) / 1000) * 1000;
}

/** An arrival near an appointment slot, moved into the sessions (not before 07:30, not at lunch, not after 17:00). */
function clampToSession(start: number, offset: number): number {
	let o = Math.min(SESSION_END - 5 * MINUTE_MS, Math.max(MORNING_START, offset));
	const lunch = MORNING_START + 240 * MINUTE_MS;
	if (o >= lunch && o < AFTERNOON_START) o = o < lunch + HOUR_MS ? lunch - 5 * MINUTE_MS : AFTERNOON_START;
	return Math.floor((start + o) / 1000) * 1000;
}

/** The campaign as events: one step (an hour by default) at a time, in event-time order. */
export function simulate(opts: SimulateOptions): Generator<SimStep, void, undefined> {
	return new Simulation(opts).steps();
}


// The alert rules: each a plain function from what the queries found (as of now) to the conditions that hold, with
// a severity and the numbers behind them. Thresholds come from configuration (ALERT_* settings).
import type { Condition, Severity } from './lifecycle.ts';

export interface Thresholds {
	/** Session hours, local time, as minutes after midnight: queues are watched inside them (observation an hour more). */
	sessionStartMinute: number;
	sessionEndMinute: number;
	/** The midday break, local minutes after midnight: a site is not silent for the time it is closed. */
	breakStartMinute: number;
	breakEndMinute: number;
	/** Checked in and not injected for longer than this: the site's queue is stuck. */
	queueMinutes: number;
	/** Checked in longer ago than this with no further event: gone home (a bound; passed-over people are not counted anyway). */
	queueGiveUpMinutes: number;
	/** Injected longer ago than this without the end of observation being recorded. */
	observationMinutes: number;
	/** Severe AEFI reported within this window raise an alert (older ones are history, not news). */
	aefiMinutes: number;
	/**
	 * Deferral rate today above this multiple of its 7-day rate, by more than chance (3 standard errors), with at least
	 * `deferralMinScreened` screened today.
	 */
	deferralRatio: number;
	deferralMinScreened: number;
	/** Out of the storage band for longer than this. */
	coldchainMinutes: number;
	/** Predicted stock-out within this many hours. */
	stockoutHours: number;
	/**
	 * Out of a vaccine is told when today's demand for it (its bookings today or its burn rate, doses) is at least this:
	 * a site that gets a few doses of a rarely used vaccine just in time holds none most mornings, and nobody waits.
	 */
	stockoutMinDoses: number;
	/** Lots expiring within this many days with stock left. */
	expiryDays: number;
	/** Registrations approved but unscheduled for longer than this many days, at least `backlogMin` of them. */
	backlogDays: number;
	backlogMin: number;
	/** No-show rate today above this multiple of its 7-day rate, with at least `noShowMinDue` slots due today. */
	noShowRatio: number;
	noShowMinDue: number;
	/** A site in session with no event for this long. */
	silentMinutes: number;
	/** Data quality: duplicate first doses / early second doses of at least this many people in a province. */
	duplicatesMin: number;
	earlySecondMin: number;
	/** Records unverified for more than `unverifiedDays` days, at least this share of the records of that age. */
	unverifiedDays: number;
	unverifiedShare: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
	sessionStartMinute: 7 * 60,
	sessionEndMinute: 17 * 60,
	breakStartMinute: 11 * 60 + 30,
	breakEndMinute: 13 * 60 + 30,
	queueMinutes: 60,
	queueGiveUpMinutes: 600,
	observationMinutes: 45,
	aefiMinutes: 120,
	deferralRatio: 2,
	deferralMinScreened: 50,
	coldchainMinutes: 30,
	stockoutHours: 48,
	stockoutMinDoses: 5,
	expiryDays: 14,
	backlogDays: 7,
	backlogMin: 10,
	noShowRatio: 2,
	noShowMinDue: 30,
	silentMinutes: 30,
	duplicatesMin: 1,
	earlySecondMin: 1,
	unverifiedDays: 3,
	unverifiedShare: 0.1
};

export type RuleId =
	| 'stock_out'
	| 'stock_out_predicted'
	| 'lot_expiring'
	| 'registration_backlog'
	| 'no_show_spike'
	| 'site_queue'
	| 'observation_overdue'
	| 'silent_site'
	| 'severe_aefi'
	| 'deferral_spike'
	| 'coldchain_excursion'
	| 'duplicate_first_doses'
	| 'early_second_doses'
	| 'unverified_records';

export interface Place {
	province: string;
	district?: string;
	facility?: string;
	vaccine?: string;
	lot?: string;
	/** A cold-chain logger: part of the alert's identity, not a column of its own. */
	device?: string;
}

export function condition(rule: RuleId, severity: Severity, place: Place, params: Record<string, string | number>): Condition {
	const key = [rule, place.province, place.district ?? '', place.facility ?? '', place.vaccine ?? '', place.lot ?? '', place.device ?? ''].join(':');
	return {
		key,
		rule,
		severity,
		province: place.province,
		district: place.district ?? '',
		facility: place.facility ?? '',
		vaccine: place.vaccine ?? '',
		lot: place.lot ?? '',
		params
	};
}

// --- visits -------------------------------------------------------------------------------------------------------

export interface SiteFlows {
	province: string;
	district: string;
	facility: string;
	waiting: number;
	checkedInRecently: number;
	/** People who have waited longer than the queue window, counted visit by visit (null: not counted). */
	waitingLong: number | null;
	inObservation: number;
	injectedRecently: number;
	severeAefiRecently: number;
}

/** Minutes since local midnight in Viet Nam (UTC+7). */
const localMinute = (at: number) => Math.floor(((at + 7 * 3_600_000) % 86_400_000) / 60_000);

/**
 * Queue candidates from the flows: more people wait than checked in within the queue window, so some may have waited
 * longer than it (people are served in arrival order). Their visits are then counted one by one (`waitingLong`).
 */
export function queueCandidates(sites: readonly SiteFlows[]): SiteFlows[] {
	return sites.filter((s) => s.waiting > s.checkedInRecently);
}

/**
 * People checked in and not injected for longer than the queue window. Only in session hours: after closing, people
 * who left unserved leave no event and would look like a queue.
 */
export function siteQueue(sites: readonly SiteFlows[], now: number, t: Thresholds): Condition[] {
	const minute = localMinute(now);
	if (minute < t.sessionStartMinute || minute >= t.sessionEndMinute) return [];
	return sites
		.filter((s) => (s.waitingLong ?? 0) > 0)
		.map((s) => condition('site_queue', s.waitingLong! >= 20 ? 'high' : 'medium', s, { waiting: s.waiting, waitingLong: s.waitingLong!, minutes: t.queueMinutes }));
}

export function observationOverdue(sites: readonly SiteFlows[], now: number, t: Thresholds): Condition[] {
	const minute = localMinute(now);
	if (minute < t.sessionStartMinute || minute >= t.sessionEndMinute + 60) return [];
	return sites
		.filter((s) => s.inObservation > s.injectedRecently)
		.map((s) => condition('observation_overdue', 'medium', s, { overdue: s.inObservation - s.injectedRecently, minutes: t.observationMinutes }));
}

export function severeAefi(sites: readonly SiteFlows[], t: Thresholds): Condition[] {
	return sites.filter((s) => s.severeAefiRecently > 0).map((s) => condition('severe_aefi', 'critical', s, { cases: s.severeAefiRecently, minutes: t.aefiMinutes }));
}

export interface DeferralInput {
	province: string;
	screenedToday: number;
	deferredToday: number;
	screened7Days: number;
	deferred7Days: number;
}

export function deferralSpike(rates: readonly DeferralInput[], t: Thresholds): Condition[] {
	const out: Condition[] = [];
	for (const r of rates) {
		if (r.screenedToday < t.deferralMinScreened || r.screened7Days === 0) continue;
		const today = r.deferredToday / r.screenedToday;
		const usual = r.deferred7Days / r.screened7Days;
		// A week without deferrals has no usual rate to double: a handful today is not a spike.
		const limit = t.deferralRatio * usual;
		if (usual === 0 || limit >= 1 || today <= limit) continue;
		// Above the limit by more than chance: 3 standard errors of a rate at the limit, for today's number screened.
		if (today - limit < 3 * Math.sqrt((limit * (1 - limit)) / r.screenedToday)) continue;
		out.push(condition('deferral_spike', 'medium', r, { rate: round3(today), usualRate: round3(usual), deferred: r.deferredToday, screened: r.screenedToday }));
	}
	return out;
}

// --- cold chain ---------------------------------------------------------------------------------------------------

export interface ColdReading {
	province: string;
	district: string;
	facility: string;
	device: string;
	vaccine: string;
	at: number;
	temperature: number;
}

/**
 * Devices out of their band for longer than the threshold: the newest reading is out of band and the run of
 * out-of-band readings it ends spans at least the threshold. One stray reading (a door left open) is not an
 * excursion; readings of one device come in time order.
 */
export function coldchainExcursion(readings: readonly ColdReading[], bandOf: (vaccine: string) => [number, number], now: number, t: Thresholds): Condition[] {
	const out: Condition[] = [];
	const byDevice = new Map<string, ColdReading[]>();
	for (const r of readings) {
		const k = `${r.facility}\u0000${r.device}`;
		(byDevice.get(k) ?? byDevice.set(k, []).get(k)!).push(r);
	}
	for (const series of byDevice.values()) {
		const [min, max] = bandOf(series[0].vaccine);
		let start: ColdReading | null = null;
		let peak = 0;
		for (const r of series) {
			const out = r.temperature < min || r.temperature > max;
			if (!out) {
				start = null;
				continue;
			}
			if (!start) {
				start = r;
				peak = r.temperature;
			}
			peak = r.temperature > max ? Math.max(peak, r.temperature) : Math.min(peak, r.temperature);
		}
		const last = series[series.length - 1];
		if (!start || last.at - start.at < t.coldchainMinutes * 60_000) continue;
		out.push(
			condition('coldchain_excursion', 'critical', { province: last.province, district: last.district, facility: last.facility, device: last.device }, {
				device: last.device,
				temperature: round1(last.temperature),
				peak: round1(peak),
				since: start.at,
				minutes: Math.round((Math.max(now, last.at) - start.at) / 60_000),
				min,
				max
			})
		);
	}
	return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

// --- stock --------------------------------------------------------------------------------------------------------

export interface SiteStock {
	province: string;
	district: string;
	facility: string;
	vaccine: string;
	onHand: number;
	burnRate: number;
	/** Booked appointments today (still to come) and the following days. */
	booked: readonly number[];
	/** Predicted stock-out (epoch ms) against the bookings, the burn rate after them; null when it does not run out. */
	stockOutAtBooked: number | null;
}

/** A site with none of a vaccine in demand today (booked or in use, at least `stockoutMinDoses`): out now (critical). */
export function stockOut(stock: readonly SiteStock[], t: Thresholds): Condition[] {
	return stock
		.filter((s) => s.vaccine !== '' && s.onHand <= 0 && Math.max(s.burnRate, s.booked[0] ?? 0) >= t.stockoutMinDoses)
		.map((s) => condition('stock_out', 'critical', s, { vaccine: s.vaccine, burnRate: Math.round(s.burnRate), bookedToday: Math.round(s.booked[0] ?? 0) }));
}

/** Stock that runs out within the threshold, against the bookings and the burn rate (not yet out). */
export function stockOutPredicted(stock: readonly SiteStock[], now: number, t: Thresholds): Condition[] {
	const horizon = now + t.stockoutHours * 3_600_000;
	return stock
		.filter((s) => s.vaccine !== '' && s.onHand > 0 && s.stockOutAtBooked !== null && s.stockOutAtBooked <= horizon)
		.map((s) =>
			condition('stock_out_predicted', s.stockOutAtBooked! - now <= 24 * 3_600_000 ? 'high' : 'medium', s, {
				vaccine: s.vaccine,
				onHand: s.onHand,
				// Whole hours, so the alert's numbers do not change with every pass.
				hours: Math.max(0, Math.round((s.stockOutAtBooked! - now) / 3_600_000))
			})
		);
}

export interface ExpiringStock {
	province: string;
	district: string;
	facility: string;
	/** The facility's level: national | regional | provincial | district | site. */
	level: string;
	vaccine: string;
	lot: string;
	expiry: string;
	daysLeft: number;
	onHand: number;
}

/** Stores that pass stock on (a lot is allocated on arrival and leaves within hours): not where it has to be used. */
const DISTRIBUTION_LEVELS = new Set(['national', 'regional']);
/** Days left from which an expiring lot is urgent (high), and from which one still held by a distribution store is alerted. */
const EXPIRY_URGENT_DAYS = 3;

/**
 * Lots expiring within the threshold with stock left, one alert per province and lot: what the province's stores and
 * sites hold of it together (the province uses it up or moves it; one facility's share comes and goes as the lot is
 * shipped down and used, and would raise and clear an alert each time). A national or regional store passes its stock
 * on to the provinces: it is alerted, per store, only once the lot is within EXPIRY_URGENT_DAYS of its expiry, too
 * late to ship it and use it; before that the lot is alerted in the province it goes to.
 */
export function lotExpiring(lots: readonly ExpiringStock[], t: Thresholds): Condition[] {
	const out: Condition[] = [];
	const provinces = new Map<string, { province: string; vaccine: string; lot: string; expiry: string; daysLeft: number; onHand: number; facilities: number }>();
	for (const l of lots) {
		if (l.onHand <= 0 || l.daysLeft > t.expiryDays) continue;
		if (DISTRIBUTION_LEVELS.has(l.level)) {
			if (l.daysLeft <= EXPIRY_URGENT_DAYS) {
				out.push(condition('lot_expiring', 'high', l, { vaccine: l.vaccine, lot: l.lot, expiry: l.expiry, daysLeft: l.daysLeft, onHand: l.onHand, facilities: 1 }));
			}
			continue;
		}
		const k = `${l.province}\u0000${l.vaccine}\u0000${l.lot}`;
		const held = provinces.get(k);
		if (held) {
			held.onHand += l.onHand;
			held.facilities++;
		} else provinces.set(k, { province: l.province, vaccine: l.vaccine, lot: l.lot, expiry: l.expiry, daysLeft: l.daysLeft, onHand: l.onHand, facilities: 1 });
	}
	for (const p of provinces.values()) {
		out.push(
			condition('lot_expiring', p.daysLeft <= EXPIRY_URGENT_DAYS ? 'high' : 'medium', { province: p.province, vaccine: p.vaccine, lot: p.lot }, {
				vaccine: p.vaccine,
				lot: p.lot,
				expiry: p.expiry,
				daysLeft: p.daysLeft,
				onHand: p.onHand,
				facilities: p.facilities
			})
		);
	}
	return out;
}

// --- registration ---------------------------------------------------------------------------------------------------

export interface DistrictBacklog {
	province: string;
	district: string;
	/** Approved (or allocated) and not scheduled for longer than the threshold. */
	registrations: number;
	oldestWaitMs: number;
}

export function registrationBacklog(backlog: readonly DistrictBacklog[], t: Thresholds): Condition[] {
	return backlog
		.filter((b) => b.registrations >= t.backlogMin)
		.map((b) =>
			condition('registration_backlog', 'high', b, { count: b.registrations, days: t.backlogDays, oldestDays: Math.floor(b.oldestWaitMs / 86_400_000) })
		);
}

export interface ProvinceNoShows {
	province: string;
	dueToday: number;
	noShowsToday: number;
	/** The 7 days before: slots due and missed. */
	due7Days: number;
	noShows7Days: number;
}

/** Today's no-show rate above the multiple of its 7-day rate, by more than chance (3 standard errors). */
export function noShowSpike(rates: readonly ProvinceNoShows[], t: Thresholds): Condition[] {
	const out: Condition[] = [];
	for (const r of rates) {
		if (r.dueToday < t.noShowMinDue || r.due7Days === 0 || r.noShows7Days === 0) continue;
		const today = r.noShowsToday / r.dueToday;
		const limit = (t.noShowRatio * r.noShows7Days) / r.due7Days;
		if (limit >= 1 || today - limit < 3 * Math.sqrt((limit * (1 - limit)) / r.dueToday)) continue;
		out.push(condition('no_show_spike', 'medium', r, { rate: round3(today), usualRate: round3(r.noShows7Days / r.due7Days), due: r.dueToday, noShows: r.noShowsToday }));
	}
	return out;
}

// --- data quality ---------------------------------------------------------------------------------------------------

export interface Silence {
	province: string;
	district: string;
	facility: string;
	/** Its newest visit event received (epoch ms). */
	lastEventAt: number;
	/** People checked in there so far today (received). */
	checkedIn: number;
}

/** Minutes from `from` to `to` outside the midday break (both the same local day). */
function minutesOutsideBreak(from: number, to: number, t: Thresholds): number {
	const a = localMinute(from);
	const b = a + (to - from) / 60_000;
	const overlap = Math.max(0, Math.min(b, t.breakEndMinute) - Math.max(a, t.breakStartMinute));
	return b - a - overlap;
}

/** Below this chance, at a site's own pace, a silence is no quiet spell (1 in 200). */
export const SILENT_CHANCE = 0.005;

/**
 * A site in session that has sent nothing for the threshold, not counting the midday break, and for longer than its
 * own pace makes likely. Its pace is what it has seen today: n people checked in over its E session minutes up to its
 * last event. At an arrival rate known only from them, the chance that nobody comes for s more minutes is
 * (E / (E + s))^n (a Poisson rate with the gamma distribution n arrivals in E minutes give it); under SILENT_CHANCE
 * the silence is the site's, not its visitors'. A busy site is silent after the threshold; one seeing a few people an
 * hour, whose half-hours without anyone are ordinary, only after a silence it would not otherwise have (and one that
 * has done its day in the morning is not taken for silent all afternoon); one that has seen a single person, never.
 */
export function silentSite(sites: readonly Silence[], now: number, t: Thresholds): Condition[] {
	const out: Condition[] = [];
	for (const s of sites) {
		const silent = minutesOutsideBreak(s.lastEventAt, now, t);
		if (silent < t.silentMinutes) continue;
		const sessionStart = s.lastEventAt - (localMinute(s.lastEventAt) - t.sessionStartMinute) * 60_000;
		const open = Math.max(1, minutesOutsideBreak(sessionStart, s.lastEventAt, t));
		if ((open / (open + silent)) ** s.checkedIn >= SILENT_CHANCE) continue;
		// Rounded to 10 minutes: the alert's numbers change as the silence grows, not every pass.
		out.push(condition('silent_site', 'high', s, { minutes: Math.floor(silent / 10) * 10, since: s.lastEventAt }));
	}
	return out;
}

export interface ProvinceQuality {
	province: string;
	duplicateFirstDoses: number;
	earlySecondDoses: number;
	/** Records old enough to have been verified, and how many of them are not. */
	recordsDue: number;
	unverifiedDue: number;
}

export function dataQuality(quality: readonly ProvinceQuality[], t: Thresholds): Condition[] {
	const out: Condition[] = [];
	for (const q of quality) {
		if (q.duplicateFirstDoses >= t.duplicatesMin) out.push(condition('duplicate_first_doses', 'medium', q, { people: q.duplicateFirstDoses }));
		if (q.earlySecondDoses >= t.earlySecondMin) out.push(condition('early_second_doses', 'medium', q, { people: q.earlySecondDoses }));
		if (q.recordsDue > 0 && q.unverifiedDue / q.recordsDue > t.unverifiedShare) {
			out.push(condition('unverified_records', 'medium', q, { share: round3(q.unverifiedDue / q.recordsDue), count: q.unverifiedDue, days: t.unverifiedDays }));
		}
	}
	return out;
}

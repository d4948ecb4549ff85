// The alert engine: every pass (one process at a time, the holder of a Redis lease) reads what the rules need as of
// "now" (the live clock), runs the rules, carries the alerts through their lifecycle and stores what changed, then
// tells the live hub which provinces' screens to refresh. Evaluating only the present is what keeps backfilled
// history from raising alerts about a past that is over.
import { randomUUID } from 'node:crypto';
import type { App } from '../app.ts';
import { liveNow } from '../clock.ts';
import { getPlaces, type Places } from '../places.ts';
import { holdLease, withLock } from '../redis-lock.ts';
import { alertsActive } from '../queries/alerts-active.ts';
import { siteFlowAlarms } from '../queries/site-flow-alarms.ts';
import { deferralRates } from '../queries/deferral-rates.ts';
import { coldchainRecent } from '../queries/coldchain-recent.ts';
import { queueWaits } from '../queries/queue-waits.ts';
import { stockSupply } from '../queries/stock-supply.ts';
import { lotsExpiring } from '../queries/lots-expiring.ts';
import { registrationsUnscheduled } from '../queries/registrations-unscheduled.ts';
import { silentSites } from '../queries/silent-sites.ts';
import { noShowRateByProvince } from '../queries/no-show-rate-by-province.ts';
import { duplicateFirstDosesByProvince } from '../queries/duplicate-first-doses-by-province.ts';
import { earlySecondDosesByProvince } from '../queries/early-second-doses-by-province.ts';
import { verificationStatusByProvince } from '../queries/verification-status-by-province.ts';
import { saveAlerts, type AlertWrite } from './rows.ts';
import { evaluate, type Condition, type LifecycleOptions } from '../../domain/alerts/lifecycle.ts';
import {
	coldchainExcursion,
	dataQuality,
	deferralSpike,
	lotExpiring,
	noShowSpike,
	observationOverdue,
	queueCandidates,
	registrationBacklog,
	severeAefi,
	silentSite,
	siteQueue,
	stockOut,
	stockOutPredicted,
	type ProvinceNoShows,
	type ProvinceQuality,
	type Thresholds
} from '../../domain/alerts/rules.ts';
import { VACCINES } from '../../reference/vaccines.ts';

export const ALERTS_CHANGED_CHANNEL = 'mcc:alerts:changed';
export const ALERTS_LOCK = 'mcc:alerts:lock';
const LEADER_KEY = 'mcc:alerts:leader';

const BANDS = new Map(VACCINES.map((v) => [v.code as string, [v.storage.minC, v.storage.maxC] as [number, number]]));
/** A logger without a vaccine guards the common 2–8 °C band. */
const bandOf = (vaccine: string): [number, number] => BANDS.get(vaccine) ?? [2, 8];

export interface AlertsChanged {
	provinces: string[];
	at: number;
}

/** What the rules found as of `now`. */
export async function findConditions(app: Pick<App, 'clickhouse'>, places: Places, now: number, t: Thresholds): Promise<Condition[]> {
	const national = { level: 'national' } as const;
	const [flows, deferrals, readings, supply, expiring, unscheduled, silent] = await Promise.all([
		siteFlowAlarms(app.clickhouse, now, { queueMinutes: t.queueMinutes, observationMinutes: t.observationMinutes, aefiMinutes: t.aefiMinutes }),
		deferralRates(app.clickhouse, now),
		coldchainRecent(app.clickhouse, now, 6),
		stockSupply(app.clickhouse, national, now),
		lotsExpiring(app.clickhouse, national, now, t.expiryDays),
		registrationsUnscheduled(app.clickhouse, national, now, t.backlogDays),
		silentSites(app.clickhouse, national, now, { silentMinutes: t.silentMinutes, sessionStartMinute: t.sessionStartMinute, sessionEndMinute: t.sessionEndMinute })
	]);
	const district = (facility: string) => places.facilities.get(facility)?.district ?? '';
	const candidates = queueCandidates(flows.map((f) => ({ ...f, district: '', waitingLong: null })));
	const waits = await queueWaits(app.clickhouse, candidates, now, t.queueMinutes, t.queueGiveUpMinutes);
	const sites = flows.map((f) => ({ ...f, district: district(f.facility), waitingLong: waits.get(f.facility)?.waitingLong ?? 0 }));
	// Only sites: a store's stock is not given to people, and its stock-outs show as its sites'.
	const siteStock = supply
		.filter((s) => places.facilities.get(s.facilityId)?.kind === 'site')
		.map((s) => ({ ...s, province: s.provinceCode, district: district(s.facilityId), facility: s.facilityId }));
	return [
		...siteQueue(sites, now, t),
		...observationOverdue(sites, now, t),
		...severeAefi(sites, t),
		...deferralSpike(deferrals, t),
		...coldchainExcursion(readings.map((r) => ({ ...r, district: district(r.facility) })), bandOf, now, t),
		...stockOut(siteStock, t),
		...stockOutPredicted(siteStock, now, t),
		...lotExpiring(
			expiring.map((l) => ({
				province: l.provinceCode,
				district: district(l.facilityId),
				facility: l.facilityId,
				level: places.facilities.get(l.facilityId)?.level ?? '',
				vaccine: l.vaccine,
				lot: l.lotNumber,
				expiry: l.expiryDate,
				daysLeft: l.daysLeft,
				onHand: l.onHand
			})),
			t
		),
		...registrationBacklog(unscheduled.map((u) => ({ province: u.provinceCode, district: u.districtCode, registrations: u.registrations, oldestWaitMs: u.oldestWaitMs })), t),
		...silentSite(silent.map((x) => ({ province: x.provinceCode, district: district(x.facilityId), facility: x.facilityId, lastEventAt: x.lastEventAt, checkedIn: x.checkedIn })), now, t)
	];
}

/**
 * The slower rules, province by province (no-show spikes and data quality): run every few passes, their last
 * findings carried over in between so that their alerts stay open. Five queries, each answering for every province.
 */
export async function findSlowConditions(app: Pick<App, 'clickhouse'>, places: Places, now: number, t: Thresholds): Promise<Condition[]> {
	const provinces = [...new Set([...places.population.values()].filter((p) => p.level === 'province').map((p) => p.code))].sort();
	const [shows, duplicates, early, verifiedNow, verifiedThen] = await Promise.all([
		noShowRateByProvince(app.clickhouse, now, 8),
		duplicateFirstDosesByProvince(app.clickhouse, now),
		earlySecondDosesByProvince(app.clickhouse, now),
		verificationStatusByProvince(app.clickhouse, now),
		verificationStatusByProvince(app.clickhouse, now - t.unverifiedDays * 86_400_000)
	]);
	const noShows: ProvinceNoShows[] = [];
	const quality: ProvinceQuality[] = [];
	for (const province of provinces) {
		const days = shows.get(province)?.days ?? [];
		const today = days.at(-1);
		const week = days.slice(0, -1).filter((d) => d.complete);
		noShows.push({
			province,
			dueToday: today?.due ?? 0,
			noShowsToday: today?.noShows ?? 0,
			due7Days: week.reduce((s, d) => s + d.due, 0),
			noShows7Days: week.reduce((s, d) => s + d.noShows, 0)
		});
		// Records old enough to have been verified by now: those that existed `unverifiedDays` days ago. Of them, at
		// least (unchecked now − records added since) are still unchecked: a lower bound, so the alert never overstates.
		const recordsDue = verifiedThen.get(province)?.records ?? 0;
		const { records = 0, notChecked = 0 } = verifiedNow.get(province) ?? {};
		quality.push({
			province,
			duplicateFirstDoses: duplicates.get(province)?.people ?? 0,
			earlySecondDoses: early.get(province)?.people ?? 0,
			recordsDue,
			unverifiedDue: Math.max(0, notChecked - (records - recordsDue))
		});
	}
	return [...noShowSpike(noShows, t), ...dataQuality(quality, t)];
}

/** The slower rules' last findings, and when they were made. */
export interface SlowFindings {
	at: number;
	conditions: Condition[];
}

const SLOW_EVERY_MS = 5 * 60_000;

/**
 * One pass as of `now` (default: the live clock): conditions → lifecycle → stored changes. Returns the provinces whose
 * alerts changed. `slow` carries the slower rules' findings from pass to pass (they are redone every 5 minutes).
 */
export async function runAlertPass(app: Pick<App, 'clickhouse' | 'redis' | 'config'>, lifecycle: LifecycleOptions, at?: number, slow?: SlowFindings): Promise<string[]> {
	const now = at ?? (await liveNow(app));
	const places = await getPlaces(app.clickhouse, app.config.populationScale);
	const t = app.config.alerts.thresholds;
	if (slow && (slow.at === 0 || now - slow.at >= SLOW_EVERY_MS || now < slow.at)) {
		slow.conditions = await findSlowConditions(app, places, now, t);
		slow.at = now;
	}
	const conditions = [...(await findConditions(app, places, now, t)), ...(slow?.conditions ?? [])];
	// Under the alerts lock: an operator's acknowledgement between our read and our write must not be overwritten.
	return withLock(app.redis, ALERTS_LOCK, async () => {
		const changes = evaluate(now, await alertsActive(app.clickhouse), conditions, randomUUID, lifecycle);
		const writes: AlertWrite[] = changes.map((c) => ({ alert: c.alert, transition: c.transition, actor: 'system' }));
		await saveAlerts(app.clickhouse, writes, now);
		return [...new Set(changes.map((c) => c.alert.province))].sort();
	});
}

/** Runs passes every `intervalMs` while this process holds the engine's lease; stop() ends it. */
export function startAlertEngine(app: Pick<App, 'clickhouse' | 'redis' | 'config' | 'log'>): { stop(): Promise<void> } {
	const { intervalMs } = app.config.alerts;
	const lifecycle = { clearAfterMs: app.config.alerts.clearAfterMs, escalateAfterMs: app.config.alerts.escalateAfterMs };
	const nodeId = randomUUID();
	const slow: SlowFindings = { at: 0, conditions: [] };
	let running: Promise<void> | null = null;
	const timer = setInterval(() => {
		if (running) return;
		running = (async () => {
			if (!(await holdLease(app.redis, LEADER_KEY, nodeId, Math.max(3 * intervalMs, 5_000)))) return;
			const provinces = await runAlertPass(app, lifecycle, undefined, slow);
			if (provinces.length > 0) await app.redis.publish(ALERTS_CHANGED_CHANNEL, JSON.stringify({ provinces, at: Date.now() } satisfies AlertsChanged));
		})()
			.catch((error: Error) => app.log.warn({ err: error.message }, 'alert pass failed'))
			.finally(() => (running = null));
	}, intervalMs);
	return {
		stop: async () => {
			clearInterval(timer);
			await running;
		}
	};
}

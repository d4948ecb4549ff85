// The alert engine: every pass (one process at a time, the holder of a Redis lease) reads what the rules need as of
// "now" (the live clock), runs the rules, carries the alerts through their lifecycle and stores what changed, then
// tells the live hub which provinces' screens to refresh. Evaluating only the present is what keeps backfilled
// history from raising alerts about a past that is over.
import { randomUUID } from 'node:crypto';
import type { App } from '../app.ts';
import { liveNow } from '../clock.ts';
import { getPlaces, type Places } from '../places.ts';
import { withLock } from '../redis-lock.ts';
import { alertsActive } from '../queries/alerts-active.ts';
import { siteFlowAlarms } from '../queries/site-flow-alarms.ts';
import { deferralRates } from '../queries/deferral-rates.ts';
import { coldchainRecent } from '../queries/coldchain-recent.ts';
import { queueWaits } from '../queries/queue-waits.ts';
import { saveAlerts, type AlertWrite } from './rows.ts';
import { evaluate, type Condition, type LifecycleOptions } from '../../domain/alerts/lifecycle.ts';
import { coldchainExcursion, deferralSpike, observationOverdue, queueCandidates, severeAefi, siteQueue, type Thresholds } from '../../domain/alerts/rules.ts';
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
	const [flows, deferrals, readings] = await Promise.all([
		siteFlowAlarms(app.clickhouse, now, { queueMinutes: t.queueMinutes, observationMinutes: t.observationMinutes, aefiMinutes: t.aefiMinutes }),
		deferralRates(app.clickhouse, now),
		coldchainRecent(app.clickhouse, now, 6)
	]);
	const district = (facility: string) => places.facilities.get(facility)?.district ?? '';
	const candidates = queueCandidates(flows.map((f) => ({ ...f, district: '', waitingLong: null })));
	const waits = await queueWaits(app.clickhouse, candidates, now, t.queueMinutes, t.queueGiveUpMinutes);
	const sites = flows.map((f) => ({ ...f, district: district(f.facility), waitingLong: waits.get(f.facility)?.waitingLong ?? 0 }));
	return [
		...siteQueue(sites, now, t),
		...observationOverdue(sites, now, t),
		...severeAefi(sites, t),
		...deferralSpike(deferrals, t),
		...coldchainExcursion(readings.map((r) => ({ ...r, district: district(r.facility) })), bandOf, now, t)
	];
}

/** One pass as of `now` (default: the live clock): conditions → lifecycle → stored changes. Returns the provinces whose alerts changed. */
export async function runAlertPass(app: Pick<App, 'clickhouse' | 'redis' | 'config'>, lifecycle: LifecycleOptions, at?: number): Promise<string[]> {
	const now = at ?? (await liveNow(app));
	const places = await getPlaces(app.clickhouse, app.config.populationScale);
	const conditions = await findConditions(app, places, now, app.config.alerts.thresholds);
	// Under the alerts lock: an operator's acknowledgement between our read and our write must not be overwritten.
	return withLock(app.redis, ALERTS_LOCK, async () => {
		const changes = evaluate(now, await alertsActive(app.clickhouse), conditions, randomUUID, lifecycle);
		const writes: AlertWrite[] = changes.map((c) => ({ alert: c.alert, transition: c.transition, actor: 'system' }));
		await saveAlerts(app.clickhouse, writes, now);
		return [...new Set(changes.map((c) => c.alert.province))].sort();
	});
}

const LEAD_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

/** Runs passes every `intervalMs` while this process holds the engine's lease; stop() ends it. */
export function startAlertEngine(app: Pick<App, 'clickhouse' | 'redis' | 'config' | 'log'>): { stop(): Promise<void> } {
	const { intervalMs } = app.config.alerts;
	const lifecycle = { clearAfterMs: app.config.alerts.clearAfterMs, escalateAfterMs: app.config.alerts.escalateAfterMs };
	const nodeId = randomUUID();
	let running: Promise<void> | null = null;
	const timer = setInterval(() => {
		if (running) return;
		running = (async () => {
			const leader = (await app.redis.eval(LEAD_SCRIPT, 1, LEADER_KEY, nodeId, Math.max(3 * intervalMs, 5_000)).catch(() => 0)) === 1;
			if (!leader) return;
			const provinces = await runAlertPass(app, lifecycle);
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

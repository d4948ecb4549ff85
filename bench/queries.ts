// npm run bench:queries — the metrics layer on a campaign-sized data set: how long each screen's data takes to
// compute from the rollups, against the same answers computed straight from the raw event tables, on the embedded
// engine (chdb) with all migrations in place.
//
// 1. Load: a simulated campaign of all 63 provinces (loadCampaign: the simulator's rows straight into the raw tables,
//    no HTTP; the rollups fill through their materialized views), at a scale that gives about BENCH_EVENTS events.
//    Events do not grow in proportion to scale (stores log cold chain and count stock whatever the doses), so the
//    scale is found by generating the range at two small scales, without inserting, and fitting a line.
//    The data directory is kept: when its marker file says a load with the same parameters and migrations finished,
//    loading is skipped and only the queries are measured. Throughput includes generating the events (same 2 cores).
// 2. Queries: each screen BENCH_RUNS times, half at the "live" instant (the last day of the range at 14:00 local,
//    mid-session, as a wall screen refreshing within a minute asks), half at random past instants (a random day,
//    08:00–17:00 local); the same instants and the same random picks (province, site) for the rollup and the raw way.
//    One untimed warm-up per screen and way first (it is printed: the first query after opening reads marks from
//    disk). The screens are their snapshot functions (src/lib/server/snapshots/): national, province (a random
//    province), site (a random site with doses), ops (the alert queue: no alert engine runs here, so its table is
//    empty; there is no raw counterpart). Adding a screen is one entry in the table of screens.
//    The raw way computes in SQL over raw_visit what the check compares: national, per province, doses, first doses,
//    full and boosted so far and today, and doses of the 7 days before; province, the same for the province, its
//    districts and (today's doses) its sites, with its 30 days and today's hours by vaccine and dose and the day's
//    visit pipeline; site, its 14 days, hours and pipeline. What the snapshots show beyond that (targets, alerts,
//    certificate lag, people waiting per site) is not recomputed, so raw/rollup slightly flatters the raw way.
//    Every timed raw answer is compared with the snapshot of the same run (same instant, same pick): a mismatch is
//    printed and makes the exit code 1.
// 3. Memory and disk: peak RSS after loading and after querying, the data directory's size on disk, rows and bytes
//    per table (system.parts), raw vs rollups.
//
//   BENCH_EVENTS target events (default 100000000), BENCH_SCALE people multiplier (default: fitted to BENCH_EVENTS)
//   BENCH_FROM, BENCH_TO (default 2021-07-01, 2022-01-01 exclusive: the campaign of 2021), BENCH_SEED (7)
//   BENCH_RUNS per screen and way (default 30), BENCH_DATA_DIR (default bench/out/queries-data)
// The npm script raises V8's heap limit: the simulator keeps every person due for a next dose, several GB at 100 M.
import { existsSync, mkdirSync, readdirSync, readFileSync, lstatSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectRows } from '../src/lib/server/clickhouse/client.ts';
import { migrate, readMigrations } from '../src/lib/server/clickhouse/migrate.ts';
import { openClickHouse } from '../src/lib/server/clickhouse/client.ts';
import { loadCampaign } from '../src/lib/server/testing/campaign.ts';
import { seedReference } from '../src/lib/server/reference/seed.ts';
import { loadReference } from '../src/lib/simulator/reference.ts';
import { Simulation } from '../src/lib/simulator/simulate.ts';
import { DAY_MS, HOUR_MS, dayOf, dayStart, toInstant } from '../src/lib/simulator/curve.ts';
import { int, stream, type Random } from '../src/lib/simulator/random.ts';
import { PROVINCES } from '../src/lib/reference/provinces.ts';
import { getPlaces, type Places } from '../src/lib/server/places.ts';
import { nationalSnapshot, type NationalSnapshot, type PlaceProgress } from '../src/lib/server/snapshots/national.ts';
import { provinceSnapshot, type ProvinceSnapshot } from '../src/lib/server/snapshots/province.ts';
import { siteSnapshot, type SiteSnapshot } from '../src/lib/server/snapshots/site.ts';
import { opsSnapshot } from '../src/lib/server/snapshots/ops.ts';
import { findConditions } from '../src/lib/server/alerts/engine.ts';
import { DEFAULT_THRESHOLDS } from '../src/lib/domain/alerts/rules.ts';
import type { CoverageCounts } from '../src/lib/server/queries/coverage.ts';
import type { DosesBucket } from '../src/lib/server/queries/doses-series.ts';
import type { VisitPipeline } from '../src/lib/server/queries/visit-pipeline.ts';

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000_000);
const FROM = process.env.BENCH_FROM ?? '2021-07-01';
const TO = process.env.BENCH_TO ?? '2022-01-01';
const SEED = Number(process.env.BENCH_SEED ?? 7);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? join(import.meta.dirname, 'out/queries-data'));
const MARKER = join(DATA_DIR, 'bench-queries.json');
const TARGETS_P95_MS: Record<string, number> = { national: 50, province: 30 };
// Small enough to generate a whole campaign in about a minute, far enough apart to see the slope.
const PROBE_SCALES = [0.001, 0.003];

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${fmt(bytes / 1e6)} MB`;
const maxRssMb = () => `${fmt(process.resourceUsage().maxRSS / 1024)} MB`;

// --- the load -------------------------------------------------------------------------------------------------------

interface Marker {
	state: 'loading' | 'done';
	/** BENCH_EVENTS, or null when BENCH_SCALE decides. */
	target: number | null;
	/** BENCH_SCALE when given, else null (the scale was fitted to the target). */
	requestedScale: number | null;
	/** Null until known (calibration runs inside the data directory). */
	scale: number | null;
	from: string;
	to: string;
	seed: number;
	/** Migration name → first 12 hex digits of its checksum: another schema means other rollups, so a reload. */
	migrations: Record<string, string>;
	events?: number;
	perTable?: Record<string, number>;
	loadSeconds?: number;
	maxRssAfterLoad?: string;
}

// BENCH_MIGRATIONS: another migrations directory (e.g. a schema before a change, to load once and let the change be
// applied — and its rollups backfilled — when the benchmark next opens the data with the current schema).
const MIGRATIONS = process.env.BENCH_MIGRATIONS ? resolve(process.env.BENCH_MIGRATIONS) : undefined;
const migrations = Object.fromEntries(readMigrations(MIGRATIONS).map((m) => [m.name, m.checksum.slice(0, 12)]));
const requestedScale = process.env.BENCH_SCALE ? Number(process.env.BENCH_SCALE) : null;
const wanted = { target: requestedScale === null ? TARGET_EVENTS : null, requestedScale, from: FROM, to: TO, seed: SEED, migrations };

function readMarker(): Marker | null {
	return existsSync(MARKER) ? (JSON.parse(readFileSync(MARKER, 'utf8')) as Marker) : null;
}

const previous = readMarker();
// A load made under an earlier schema is kept when the current one only adds migrations: opening it applies them,
// and the migration runner fills their new rollups from the stored events, as on an upgraded deployment.
const onlyAdded = (then: Record<string, string>) => Object.entries(then).every(([name, sum]) => migrations[name] === sum);
const reuse =
	previous?.state === 'done' &&
	JSON.stringify({ target: previous.target, requestedScale: previous.requestedScale, from: previous.from, to: previous.to, seed: previous.seed }) ===
		JSON.stringify({ target: wanted.target, requestedScale: wanted.requestedScale, from: wanted.from, to: wanted.to, seed: wanted.seed }) &&
	onlyAdded(previous.migrations);
if (!reuse && existsSync(DATA_DIR) && readdirSync(DATA_DIR).length > 0) {
	// Only a directory this benchmark made (it has the marker) is wiped: BENCH_DATA_DIR may point anywhere.
	if (!previous) throw new Error(`${DATA_DIR} is not empty and has no ${MARKER}: not a data directory of this benchmark; choose another BENCH_DATA_DIR`);
	console.log(`${DATA_DIR}: ${previous.state === 'done' ? 'loaded with other parameters or migrations' : 'an unfinished load'}: starting over`);
	rmSync(DATA_DIR, { recursive: true, force: true });
}
if (!reuse) {
	mkdirSync(DATA_DIR, { recursive: true });
	// Written first, so that a load stopped at any point is recognised as this benchmark's and started over.
	writeFileSync(MARKER, JSON.stringify({ state: 'loading', ...wanted, scale: null } satisfies Marker, null, '\t'));
}
const openedAt = performance.now();
const client = await openClickHouse({ mode: 'embedded', path: join(DATA_DIR, 'clickhouse') });
const migrated = await migrate(client, MIGRATIONS);
if (reuse && migrated.applied.length > 0) {
	console.log(`${DATA_DIR}: applied ${migrated.applied.join(', ')} to the stored load in ${((performance.now() - openedAt) / 1000).toFixed(0)} s (backfilled: ${migrated.backfilled.join(', ') || 'nothing'})`);
}

/** Events of the whole range at a scale, generated and counted, not inserted. */
async function eventsAtScale(scale: number): Promise<number> {
	const simulation = new Simulation({ reference: await loadReference(client), seed: SEED, scale, from: FROM, to: TO });
	let events = 0;
	for (const step of simulation.steps()) events += step.events.length;
	return events;
}

async function fitScale(): Promise<number> {
	await seedReference(client);
	const t0 = performance.now();
	const [s1, s2] = PROBE_SCALES;
	const [e1, e2] = [await eventsAtScale(s1), await eventsAtScale(s2)];
	const perScale = (e2 - e1) / (s2 - s1);
	const scale = s1 + (TARGET_EVENTS - e1) / perScale;
	const days = (toInstant(TO) - toInstant(FROM)) / DAY_MS;
	console.log(
		`calibration (${((performance.now() - t0) / 1000).toFixed(0)} s): scale ${s1} → ${fmt(e1)} events (${fmt(e1 / days)}/day), ` +
			`${s2} → ${fmt(e2)} (${fmt(e2 / days)}/day); events ≈ ${fmt(e1 - s1 * perScale)} + ${fmt(perScale / 1000)} per 0.001 of scale → scale ${scale.toFixed(5)}`
	);
	if (!(scale > 0)) throw new Error(`BENCH_EVENTS=${TARGET_EVENTS} is below what the range gives at any scale (about ${fmt(e1 - s1 * perScale)}): raise it or shorten the range`);
	return scale;
}

let marker: Marker;
if (reuse) {
	marker = { ...previous!, migrations };
	writeFileSync(MARKER, JSON.stringify(marker, null, '\t'));
	console.log(`${DATA_DIR}: reusing a finished load (${fmt(marker.events!)} events at scale ${marker.scale!.toFixed(5)}, loaded in ${fmt(marker.loadSeconds!)} s)`);
} else {
	const scale = requestedScale ?? (await fitScale());
	marker = { state: 'loading', ...wanted, scale };
	console.log(`loading ${FROM} … ${TO} (exclusive), all 63 provinces, scale ${scale.toFixed(5)}, seed ${SEED} into ${DATA_DIR}`);
	const progressEvery = Math.min(5_000_000, Math.max(100_000, Math.round(TARGET_EVENTS / 20)));
	let nextReport = progressEvery;
	let last = { at: performance.now(), events: 0 };
	const t0 = performance.now();
	const loaded = await loadCampaign(client, {
		seed: SEED,
		scale,
		from: FROM,
		to: TO,
		// Fewer, larger parts than the default 100,000 rows: less merging competes with the load.
		blockRows: 500_000,
		onProgress: (events) => {
			if (events < nextReport) return;
			nextReport += progressEvery;
			const now = performance.now();
			console.log(
				`  ${fmt(events)} events  ${((now - t0) / 1000).toFixed(0)} s  ${fmt(events / ((now - t0) / 1000))} events/s overall, ` +
					`${fmt((events - last.events) / ((now - last.at) / 1000))} lately  heap ${mb(process.memoryUsage().heapUsed)}  max RSS ${maxRssMb()}`
			);
			last = { at: now, events };
		}
	});
	const seconds = (performance.now() - t0) / 1000;
	marker = { ...marker, state: 'done', events: loaded.events, perTable: loaded.perTable, loadSeconds: seconds, maxRssAfterLoad: maxRssMb() };
	writeFileSync(MARKER, JSON.stringify(marker, null, '\t'));
	console.log(`loaded ${fmt(loaded.events)} events in ${seconds.toFixed(0)} s: ${fmt(loaded.events / seconds)} events/s (generation and insert); ${JSON.stringify(loaded.perTable)}`);
}
const rssAfterLoad = reuse ? `${marker.maxRssAfterLoad} (when it was loaded; this run, opening it: ${maxRssMb()})` : maxRssMb();

// Queries right after a load would race its background merges: wait (a while) until the engine is quiet.
{
	const t0 = performance.now();
	while (performance.now() - t0 < 600_000 && Number((await selectRows<{ n: string }>(client, 'SELECT count() AS n FROM system.merges'))[0].n) > 0) {
		await new Promise((r) => setTimeout(r, 1_000));
	}
	const waited = (performance.now() - t0) / 1000;
	if (waited > 1) console.log(`waited ${waited.toFixed(0)} s for background merges`);
}

// --- the screens ----------------------------------------------------------------------------------------------------

const places: Places = await getPlaces(client);
const sites = await selectRows<{ province: string; facility: string }>(
	client,
	`SELECT province_code AS province, facility_id AS facility FROM injections_facility_grains WHERE grain = 'month' GROUP BY province, facility ORDER BY ALL`
);
if (sites.length === 0) throw new Error('no site gave a dose: nothing to measure');
const pickProvince = (random: Random) => PROVINCES[int(random, 0, PROVINCES.length - 1)].code;
const pickSite = (random: Random) => sites[int(random, 0, sites.length - 1)];

// Answers in one plain shape for both ways, so that they compare key by key.
type Answer = { [key: string]: Answer } | number | string;
// Type aliases, not the app's interfaces: they must fit Answer's index signature.
type Counts = { doses: number; atLeastOne: number; full: number; boosted: number };
type Bucket = { doses: number; byVaccine: Record<string, number>; byDose: Record<string, number> };
type Progress = { total: Counts; today: Counts; previous7Days: number };
const countsOf = (c: CoverageCounts): Counts => ({ doses: c.doses, atLeastOne: c.atLeastOne, full: c.full, boosted: c.boosted });
// The snapshots keep the 7 previous days as a mean: times 7 it is their sum again.
const progressOf = (p: PlaceProgress): Progress => ({ total: countsOf(p.total), today: countsOf(p.today), previous7Days: Math.round(p.pace * 7) });
const bucketOf = (b: DosesBucket): Bucket => ({ doses: b.doses, byVaccine: b.byVaccine, byDose: b.byDose });
/** Days, hours, districts and sites without doses are listed by the snapshots and absent from the raw rows. */
const nonZero = <T>(list: T[], doses: (x: T) => number, key: (x: T) => string | number, value: (x: T) => Answer) =>
	Object.fromEntries(list.filter((x) => doses(x) > 0).map((x) => [String(key(x)), value(x)]));
const pipelineOf = (p: VisitPipeline): Answer => ({
	checkedIn: p.checkedIn,
	eligible: p.eligible,
	deferred: p.deferred,
	referred: p.referred,
	injected: p.injected,
	observationEnded: p.observationEnded,
	certified: p.certified,
	aefi: p.aefi,
	deferralReasons: p.deferralReasons
});
const seriesOf = (s: { daily: DosesBucket[]; hourly: DosesBucket[] }) => ({
	daily: nonZero(s.daily, (b) => b.doses, (b) => b.at, bucketOf),
	hourly: nonZero(s.hourly, (b) => b.doses, (b) => b.at, bucketOf)
});

const nationalAnswer = (s: NationalSnapshot): Answer => Object.fromEntries(s.provinces.map((p) => [p.code, progressOf(p)]));

const provinceAnswer = (s: ProvinceSnapshot): Answer => ({
	progress: progressOf(s.progress),
	districts: nonZero(s.districts, (d) => d.total.doses, (d) => d.code, progressOf),
	sitesDosesToday: nonZero(s.sites, (x) => x.dosesToday, (x) => x.id, (x) => x.dosesToday),
	...seriesOf(s),
	pipeline: pipelineOf(s.pipeline)
});

function siteAnswer(s: SiteSnapshot | null): Answer {
	if (!s) throw new Error('siteSnapshot found no such site');
	return { ...seriesOf(s), pipeline: pipelineOf(s.pipeline) };
}

// --- the same answers from the raw tables ---------------------------------------------------------------------------

const AS_OF = `WITH fromUnixTimestamp64Milli({asOf:Int64}, 'UTC') AS as_of, toStartOfMinute(as_of) + INTERVAL 1 MINUTE AS until,
	toDate(as_of, 'Asia/Ho_Chi_Minh') AS as_of_day, toDateTime(as_of_day, 'Asia/Ho_Chi_Minh') AS day_start`;
const PRIMARY = `LEFT JOIN (SELECT code, primary_doses FROM ref_vaccine FINAL WHERE deleted = 0) AS v ON v.code = r.vaccine`;
const RAW_SCOPE = `province_code = {province:String} AND ({facility:String} = '' OR facility_id = {facility:String})`;
// Doses so far, on the as-of day (ago 0), on each of the 7 days before (1..7) and before those (8).
const PROGRESS = `least(toInt32(as_of_day - toDate(occurred_at, 'Asia/Ho_Chi_Minh')), 8) AS ago, count() AS doses, countIf(dose_number = 1) AS atLeastOne,
	countIf(dose_number = v.primary_doses) AS full, countIf(dose_number = v.primary_doses + 1) AS boosted`;

const RAW_NATIONAL = `${AS_OF}
SELECT province_code AS province, ${PROGRESS}
FROM raw_visit AS r ${PRIMARY}
WHERE type = 'visit.injected' AND occurred_at < until GROUP BY province, ago`;

// Per site of the province and its district (a dose counts in the district of the site that gave it).
const RAW_PROVINCE = `${AS_OF}
SELECT r.facility_id AS facility, f.district_code AS district, ${PROGRESS}
FROM raw_visit AS r ${PRIMARY}
LEFT JOIN (SELECT id, district_code FROM ref_facility FINAL WHERE deleted = 0) AS f ON f.id = r.facility_id
WHERE type = 'visit.injected' AND occurred_at < until AND province_code = {province:String} GROUP BY facility, district, ago`;

// The last {days} local days, the as-of day also per hour (hour '' on the days before).
const RAW_SERIES = `${AS_OF}
SELECT toString(toDate(occurred_at, 'Asia/Ho_Chi_Minh')) AS day,
       if(occurred_at >= day_start, toString(toUnixTimestamp(toStartOfHour(occurred_at)) * 1000), '') AS hour,
       vaccine, dose_number, count() AS n
FROM raw_visit
WHERE type = 'visit.injected' AND occurred_at >= subtractDays(day_start, {days:UInt16} - 1) AND occurred_at < until AND ${RAW_SCOPE}
GROUP BY day, hour, vaccine, dose_number`;

const RAW_PIPELINE = `${AS_OF}
SELECT countIf(type = 'visit.checked_in') AS checkedIn, countIf(type = 'visit.screened' AND outcome = 'eligible') AS eligible,
       countIf(type = 'visit.screened' AND outcome = 'deferred') AS deferred, countIf(type = 'visit.screened' AND outcome = 'referred') AS referred,
       countIf(type = 'visit.injected') AS injected, countIf(type = 'visit.observation_ended') AS observationEnded,
       countIf(type = 'visit.certified') AS certified,
       countIf(type IN ('visit.observation_ended', 'visit.aefi_reported') AND aefi = 'mild') AS mild,
       countIf(type IN ('visit.observation_ended', 'visit.aefi_reported') AND aefi = 'severe') AS severe,
       sumMapIf(map(deferral_reason, toUInt64(1)), type = 'visit.screened' AND outcome = 'deferred') AS reasons
FROM raw_visit WHERE occurred_at >= day_start AND occurred_at < until AND ${RAW_SCOPE}`;

type ProgressRow = Record<'doses' | 'atLeastOne' | 'full' | 'boosted', string> & { ago: number };
const zeroProgress = (): Progress => ({ total: zeroCounts(), today: zeroCounts(), previous7Days: 0 });
const zeroCounts = (): Counts => ({ doses: 0, atLeastOne: 0, full: 0, boosted: 0 });
function addProgress(into: Progress, row: ProgressRow): void {
	const ago = Number(row.ago);
	for (const key of ['doses', 'atLeastOne', 'full', 'boosted'] as const) {
		into.total[key] += Number(row[key]);
		if (ago === 0) into.today[key] += Number(row[key]);
	}
	if (ago >= 1 && ago <= 7) into.previous7Days += Number(row.doses);
}

async function rawNational(asOf: number): Promise<Answer> {
	const rows = await selectRows<ProgressRow & { province: string }>(client, RAW_NATIONAL, { asOf });
	const out = Object.fromEntries(PROVINCES.map((p) => [p.code, zeroProgress()]));
	for (const row of rows) addProgress(out[row.province], row);
	return out;
}

async function rawSeriesAndPipeline(asOf: number, province: string, facility: string, days: number) {
	const params = { asOf, province, facility, days };
	const [series, [pipeline]] = await Promise.all([
		selectRows<{ day: string; hour: string; vaccine: string; dose_number: number; n: string }>(client, RAW_SERIES, params),
		selectRows<Record<string, string> & { reasons: Record<string, string> }>(client, RAW_PIPELINE, params)
	]);
	const daily: Record<string, Bucket> = {};
	const hourly: Record<string, Bucket> = {};
	const add = (b: Bucket, row: (typeof series)[number]) => {
		b.doses += Number(row.n);
		b.byVaccine[row.vaccine] = (b.byVaccine[row.vaccine] ?? 0) + Number(row.n);
		b.byDose[row.dose_number] = (b.byDose[row.dose_number] ?? 0) + Number(row.n);
	};
	for (const row of series) {
		add((daily[row.day] ??= { doses: 0, byVaccine: {}, byDose: {} }), row);
		if (row.hour !== '') add((hourly[row.hour] ??= { doses: 0, byVaccine: {}, byDose: {} }), row);
	}
	const { mild, severe, reasons, ...flows } = pipeline;
	return {
		daily,
		hourly,
		pipeline: {
			...Object.fromEntries(Object.entries(flows).map(([k, v]) => [k, Number(v)])),
			aefi: { mild: Number(mild), severe: Number(severe) },
			deferralReasons: Object.fromEntries(Object.entries(reasons).map(([k, v]) => [k, Number(v)]))
		}
	};
}

async function rawProvince(asOf: number, province: string): Promise<Answer> {
	const [rows, rest] = await Promise.all([
		selectRows<ProgressRow & { facility: string; district: string }>(client, RAW_PROVINCE, { asOf, province }),
		rawSeriesAndPipeline(asOf, province, '', 30)
	]);
	const progress = zeroProgress();
	const districts: Record<string, Progress> = {};
	const sitesDosesToday: Record<string, number> = {};
	for (const row of rows) {
		addProgress(progress, row);
		addProgress((districts[row.district] ??= zeroProgress()), row);
		if (Number(row.ago) === 0) sitesDosesToday[row.facility] = (sitesDosesToday[row.facility] ?? 0) + Number(row.doses);
	}
	return { progress, districts, sitesDosesToday, ...rest };
}

const rawSite = (asOf: number, site: { province: string; facility: string }) => rawSeriesAndPipeline(asOf, site.province, site.facility, 14);

/** Paths where two answers differ (at most `limit`), with both values. */
function differences(a: Answer | undefined, b: Answer | undefined, path = '', out: string[] = [], limit = 8): string[] {
	if (out.length >= limit) return out;
	if (typeof a === 'object' && typeof b === 'object') {
		for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) differences(a[key], b[key], `${path}.${key}`, out, limit);
	} else if (a !== b) out.push(`${path || '.'}: rollup ${JSON.stringify(a)}, raw ${JSON.stringify(b)}`);
	return out;
}

// --- the table of screens -------------------------------------------------------------------------------------------

interface Screen<T = unknown> {
	name: string;
	/** One screen's data as of asOf; `random` picks what it is about (a province, a site). */
	run(asOf: number, random: Random): Promise<T>;
	/** The same answers from the raw tables, with the same picks. */
	raw?(asOf: number, random: Random): Promise<Answer>;
	/** The part of run's result that raw computes, in its shape. */
	answer?(result: T): Answer;
}
/** Checks an entry's run against its answer, then forgets the type of its result. */
const entry = <T>(s: Screen<T>) => s as Screen;

const screens: Screen[] = [
	entry({ name: 'national', run: (asOf) => nationalSnapshot(client, places, asOf), raw: rawNational, answer: nationalAnswer }),
	entry({ name: 'province', run: (asOf, r) => provinceSnapshot(client, places, pickProvince(r), asOf), raw: (asOf, r) => rawProvince(asOf, pickProvince(r)), answer: provinceAnswer }),
	entry({ name: 'site', run: (asOf, r) => siteSnapshot(client, places, pickSite(r).facility, asOf), raw: (asOf, r) => rawSite(asOf, pickSite(r)), answer: siteAnswer }),
	// What the alert engine reads and decides in one pass (the rules' queries), then the operators' queue.
	entry({ name: 'alert rules', run: (asOf) => findConditions({ clickhouse: client }, places, asOf, DEFAULT_THRESHOLDS) }),
	entry({ name: 'ops', run: (asOf) => opsSnapshot(client, places, asOf) })
];

// --- timing ---------------------------------------------------------------------------------------------------------

const planRandom = stream(SEED, 'bench:queries:instants');
const lastDay = dayOf(toInstant(TO) - 1);
const firstDay = dayOf(toInstant(FROM));
const LIVE = dayStart(lastDay) + 14 * HOUR_MS;
const pastInstant = () => dayStart(int(planRandom, firstDay, Math.max(firstDay, lastDay - 1))) + 8 * HOUR_MS + Math.floor(planRandom() * 9 * HOUR_MS / 1000) * 1000;
const plan = Array.from({ length: RUNS }, (_, i) => ({ live: i < RUNS / 2, asOf: i < RUNS / 2 ? LIVE : pastInstant() }));
// Live and past runs interleaved, so that neither gets all the cold or all the warm caches.
for (let i = plan.length - 1; i > 0; i--) {
	const j = int(planRandom, 0, i);
	[plan[i], plan[j]] = [plan[j], plan[i]];
}
/** The same picks for a run of a screen whichever way it is computed. */
const pickRandom = (screen: string, run: number) => stream(SEED, `bench:queries:${screen}:${run}`);

interface Timing {
	firstMs: number;
	ms: number[];
	liveMs: number[];
	pastMs: number[];
}

async function time<T>(screen: string, fn: (asOf: number, random: Random) => Promise<T>, results?: T[]): Promise<Timing> {
	let t = performance.now();
	await fn(LIVE, pickRandom(screen, -1));
	const timing: Timing = { firstMs: performance.now() - t, ms: [], liveMs: [], pastMs: [] };
	for (const [i, { asOf, live }] of plan.entries()) {
		t = performance.now();
		const result = await fn(asOf, pickRandom(screen, i));
		const ms = performance.now() - t;
		results?.push(result);
		timing.ms.push(ms);
		(live ? timing.liveMs : timing.pastMs).push(ms);
	}
	return timing;
}

const quantile = (values: number[], q: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
};
const ms = (n: number) => (n < 10 ? n.toFixed(1) : fmt(n)).padStart(7);

console.log(`\nqueries: ${RUNS} runs per screen and way (${plan.filter((p) => p.live).length} at the live instant ${new Date(LIVE).toISOString()}, the others at random past instants)`);
console.log(`  province: a random one of the 63; site: a random one of the ${fmt(sites.length)} sites with doses`);
console.log(`  ${'screen'.padEnd(14)} ${'first'.padStart(7)} ${'median'.padStart(7)} ${'p95'.padStart(7)} ${'live'.padStart(7)} ${'past'.padStart(7)}   (ms; live and past: medians)`);
let mismatches = 0;
const summary: string[] = [];
for (const screen of screens) {
	const line = (label: string, t: Timing, extra = '') =>
		console.log(`  ${label.padEnd(14)} ${ms(t.firstMs)} ${ms(quantile(t.ms, 0.5))} ${ms(quantile(t.ms, 0.95))} ${ms(quantile(t.liveMs, 0.5))} ${ms(quantile(t.pastMs, 0.5))}${extra}`);
	const results: unknown[] = [];
	const rollup = await time(screen.name, screen.run, results);
	const target = TARGETS_P95_MS[screen.name];
	const p95 = quantile(rollup.ms, 0.95);
	const verdict = target === undefined ? '' : `   target p95 ≤ ${target} ms: ${p95 <= target ? 'met' : 'NOT MET'}`;
	line(screen.name, rollup, verdict);
	if (target !== undefined) summary.push(`${screen.name} p95 ${p95.toFixed(1)} ms (target ≤ ${target} ms: ${p95 <= target ? 'met' : 'NOT MET'})`);
	if (!screen.raw || !screen.answer) continue;
	const rawAnswers: Answer[] = [];
	const raw = await time(screen.name, screen.raw, rawAnswers);
	const ratio = quantile(raw.ms, 0.5) / quantile(rollup.ms, 0.5);
	line(`${screen.name} raw`, raw, `   raw/rollup: ${ratio.toFixed(1)}× (median), ${(quantile(raw.ms, 0.95) / p95).toFixed(1)}× (p95)`);
	summary.push(`${screen.name} raw/rollup ${ratio.toFixed(1)}×`);
	// Every timed run is checked: both answers are already there.
	let bad = 0;
	for (const [i, { asOf }] of plan.entries()) {
		const diff = differences(screen.answer(results[i]), rawAnswers[i]);
		if (diff.length === 0) continue;
		if (bad++ === 0) console.log(`\n  !!! MISMATCH: ${screen.name} rollup ≠ raw as of ${new Date(asOf).toISOString()} (run ${i}):\n    ${diff.join('\n    ')}\n`);
	}
	mismatches += bad;
	console.log(`  ${''.padEnd(14)} rollup = raw at ${RUNS - bad} of ${RUNS} instants${bad > 0 ? `  !!! ${bad} MISMATCHES` : ''}`);
}

// --- where a screen's time goes -------------------------------------------------------------------------------------
// Each query of a snapshot alone: the client is wrapped to run one query at a time (chdb runs parameterised queries
// one at a time anyway, so a query's own time is from its start to its end) and to read the engine's statistics
// (FORMAT JSON), and the time and rows read are added to the query file that asked (from the call stack).
const costs = new Map<string, { ms: number[]; rows: number[] }>();
const query = client.query.bind(client);
let queryChain: Promise<unknown> = Promise.resolve();
(client as { query: unknown }).query = (params: Parameters<typeof query>[0]) => {
	const file = /queries\/([\w-]+)\.ts/.exec(new Error().stack ?? '')?.[1] ?? 'other';
	const run = queryChain.then(async () => {
		const t = performance.now();
		const body = (await (await query({ ...params, format: 'JSON' })).json()) as { data: unknown[]; statistics: { rows_read: number } };
		const cost = costs.get(file) ?? { ms: [], rows: [] };
		costs.set(file, cost);
		cost.ms.push(performance.now() - t);
		cost.rows.push(body.statistics.rows_read);
		return { json: async () => body.data } as unknown as Awaited<ReturnType<typeof query>>;
	});
	queryChain = run.catch(() => {});
	return run;
};
console.log(`\nwhere the time goes: each screen ${Math.max(3, Math.round(RUNS / 3))} times more, its queries one at a time (medians per call)`);
for (const screen of screens) {
	costs.clear();
	const runs = Math.max(3, Math.round(RUNS / 3));
	for (const [i, { asOf }] of plan.slice(0, runs).entries()) await screen.run(asOf, pickRandom(screen.name, i));
	const rows = [...costs].map(([file, c]) => ({ file, calls: c.ms.length / runs, ms: quantile(c.ms, 0.5), total: c.ms.reduce((a, b) => a + b, 0) / runs, rows: quantile(c.rows, 0.5) }));
	rows.sort((a, b) => b.total - a.total);
	console.log(`  ${screen.name}: ${rows.length} query files, ${fmt(rows.reduce((s, r) => s + r.calls, 0))} queries, ${rows.reduce((s, r) => s + r.total, 0).toFixed(1)} ms of query time per snapshot`);
	for (const r of rows.slice(0, 8)) {
		console.log(`    ${r.file.padEnd(34)} ${`${r.calls % 1 === 0 ? r.calls : r.calls.toFixed(1)}×`.padStart(5)} ${ms(r.ms)} ms ${fmt(r.rows).padStart(10)} rows read`);
	}
}
(client as { query: unknown }).query = query;
const rssAfterQueries = maxRssMb();

// --- memory and disk ------------------------------------------------------------------------------------------------

function diskUsage(path: string): number {
	const stat = lstatSync(path);
	// Blocks, not length: what the files take on disk (as du counts).
	const own = stat.blocks * 512;
	return stat.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + diskUsage(join(path, name)), own) : own;
}

const rollupTables = new Set(
	(await selectRows<{ target: string }>(client, `SELECT extract(create_table_query, ' TO (?:\\\\w+\\\\.)?(\\\\w+)') AS target FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView'`)).map((r) => r.target)
);
const parts = await selectRows<{ table: string; parts: number; rows: string; bytes: string }>(
	client,
	`SELECT table, count() AS parts, sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts
	 WHERE active AND database = currentDatabase() GROUP BY table ORDER BY table`
);
const kind = (table: string) => (table.startsWith('raw_') ? 'raw' : rollupTables.has(table) ? 'rollup' : 'other');
console.log(`\nmemory: max RSS after loading ${rssAfterLoad}, after querying ${rssAfterQueries}`);
console.log(`disk: ${DATA_DIR} ${mb(diskUsage(DATA_DIR))}`);
console.log(`  ${'table'.padEnd(34)} ${'kind'.padEnd(6)} ${'parts'.padStart(6)} ${'rows'.padStart(14)} ${'on disk'.padStart(10)}`);
const totals: Record<string, { rows: number; bytes: number }> = {};
for (const p of parts) {
	const k = kind(p.table);
	const t = (totals[k] ??= { rows: 0, bytes: 0 });
	t.rows += Number(p.rows);
	t.bytes += Number(p.bytes);
	if (k !== 'other') console.log(`  ${p.table.padEnd(34)} ${k.padEnd(6)} ${String(p.parts).padStart(6)} ${fmt(Number(p.rows)).padStart(14)} ${mb(Number(p.bytes)).padStart(10)}`);
}
for (const [k, t] of Object.entries(totals).sort()) console.log(`  ${`all ${k} tables`.padEnd(41)} ${''.padStart(6)} ${fmt(t.rows).padStart(14)} ${mb(t.bytes).padStart(10)}`);

console.log(`\nbench:queries — ${fmt(marker.events!)} events (scale ${marker.scale!.toFixed(5)}, ${FROM} … ${TO}), loaded at ${fmt(marker.events! / marker.loadSeconds!)} events/s in ${fmt(marker.loadSeconds!)} s`);
console.log(`  ${summary.join('; ')}`);
console.log(mismatches > 0 ? `  !!! ${mismatches} rollup ≠ raw MISMATCHES (see above): exit code 1` : '  rollup = raw at every instant checked');
await client.close();
process.exit(mismatches > 0 ? 1 : 0);

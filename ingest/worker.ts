// The ingest worker: takes jobs off the BullMQ queue and commits them to ClickHouse, exactly once.
//
// Exactly once, because:
//  1. each event id is claimed in Redis for the job that carries it (atomically in Lua, in day buckets); an id
//     already claimed by another job is a client retry and is dropped, one claimed by this same job is a retry of
//     the job;
//  2. each table's insert of a job carries insert_deduplication_token = <job id>:<table>, so a job retried after
//     its insert committed (worker killed before the ack) is a no-op in ClickHouse, also for materialized views.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Redis } from 'ioredis';
import type { ClickHouseClient } from '../src/lib/server/clickhouse/client.ts';
import type { Logger } from '../src/lib/server/log.ts';
import { CHANGED_CHANNEL, DATA_CLOCK_KEY, INGEST_QUEUE, LAST_COMMIT_KEY, RAISE_CLOCK_SCRIPT, payloadKey, type ChangedMessage, type IngestJob, type StoredJob } from '../src/lib/server/ingest/job.ts';
import { duplicatesDropped, insertSeconds, rowsInserted } from '../src/lib/server/metrics.ts';
import { chTime, redactedPayload } from '../src/lib/server/ingest/rows.ts';

// Claims live in one hash per ingest day (field: event id, value: the claiming job), so a whole chunk is checked
// with one HMGET per day kept and recorded with one HSET: a few variadic commands instead of a command per event.
// KEYS: today's bucket, then the earlier days still remembered. ARGV: job token, bucket TTL (s), event ids.
const CLAIM_SCRIPT = `
local n = #ARGV - 2
local ids = {}
for i = 1, n do ids[i] = ARGV[i + 2] end
local owner = {}
for k = 1, #KEYS do
  local got = redis.call('HMGET', KEYS[k], unpack(ids))
  for i = 1, n do
    if not owner[i] and got[i] then owner[i] = got[i] end
  end
end
local dup, set = {}, {}
for i = 1, n do
  local o = owner[i]
  if not o then
    set[#set + 1] = ids[i]
    set[#set + 1] = ARGV[1]
  elseif o ~= ARGV[1] then
    dup[#dup + 1] = i - 1
  end
end
if #set > 0 then redis.call('HSET', KEYS[1], unpack(set)) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return dup`;

/** Lua's unpack() is limited to ~8,000 values: HSET takes two per id. */
const CLAIM_CHUNK = 3_000;
const DAY_MS = 86_400_000;

/** The day buckets a job checks: its own day first (stable across retries of the job), then as many before as the TTL covers. */
export function claimBuckets(jobCreatedAt: number, ttlHours: number): string[] {
	const day = Math.floor(jobCreatedAt / DAY_MS);
	return Array.from({ length: Math.ceil(ttlHours / 24) + 1 }, (_, back) => `mcc:eid:${day - back}`);
}
/** Capped exponential backoff: a ClickHouse outage of hours is ridden out, never dropped. */
export const backoffMs = (attemptsMade: number) => Math.min(60_000, 500 * 2 ** Math.min(attemptsMade, 10));

export interface IngestWorkerOptions {
	/** Connection for BullMQ's blocking commands (maxRetriesPerRequest: null). */
	bullConnection: Redis;
	/** Connection for claims and publishing. */
	redis: Redis;
	clickhouse: ClickHouseClient;
	log: Logger;
	concurrency: number;
	dedupTtlHours: number;
	lockMs: number;
}

/** Indexes, per table, of events already ingested by another job. */
async function claim(redis: Redis, jobToken: string, buckets: string[], ttlHours: number, ids: string[]): Promise<Set<number>> {
	const duplicates = new Set<number>();
	const bucketTtlSeconds = (ttlHours + 24) * 3600;
	for (let start = 0; start < ids.length; start += CLAIM_CHUNK) {
		const chunk = ids.slice(start, start + CLAIM_CHUNK);
		const dup = (await redis.eval(CLAIM_SCRIPT, buckets.length, ...buckets, jobToken, bucketTtlSeconds, ...chunk)) as number[];
		for (const i of dup) duplicates.add(start + i);
	}
	return duplicates;
}

async function insertNdjson(clickhouse: ClickHouseClient, table: string, ndjson: string, token: string): Promise<void> {
	const result = await clickhouse.exec({
		query: `INSERT INTO ${table} FORMAT JSONEachRow`,
		values: Readable.from([ndjson]),
		clickhouse_settings: {
			insert_deduplicate: 1,
			insert_deduplication_token: token,
			deduplicate_blocks_in_dependent_materialized_views: 1,
			optimize_on_insert: 0
		}
	});
	result.stream.resume();
	await new Promise<void>((resolve, reject) => result.stream.on('end', resolve).on('error', reject));
}

/**
 * Inserts the lines; when ClickHouse cannot parse the block, halves it until each unparsable row is alone, so one
 * bad row never holds back the rest of its job (other clients' events included). Sub-block tokens derive from the
 * block's, so a retry after a crash splits the same way and repeats the same tokens.
 */
async function insertIsolating(
	clickhouse: ClickHouseClient,
	table: string,
	rows: string | string[],
	token: string
): Promise<{ line: string; error: string }[]> {
	try {
		await insertNdjson(clickhouse, table, typeof rows === 'string' ? rows : rows.join('\n'), token);
		return [];
	} catch (error) {
		if (!isPermanentInsertError(error)) throw error;
		const lines = typeof rows === 'string' ? rows.split('\n') : rows; // JSON lines hold no raw newline
		if (lines.length === 1) return [{ line: lines[0], error: (error as Error).message }];
		const mid = lines.length >> 1;
		return [
			...(await insertIsolating(clickhouse, table, lines.slice(0, mid), `${token}.a`)),
			...(await insertIsolating(clickhouse, table, lines.slice(mid), `${token}.b`))
		];
	}
}

/** A row ClickHouse refused, as a dead letter (the row is already pseudonymised). */
function unstorableReject(table: string, line: string, error: string): string {
	let row: Record<string, unknown> = {};
	try {
		row = JSON.parse(line);
	} catch {
		// kept as text below
	}
	return JSON.stringify(
		{
			received_at: row.ingested_at ?? chTime(Date.now()),
			source_key: row.source_key ?? '',
			batch_index: 0,
			event_id: row.event_id ?? '',
			type: row.type ?? '',
			errors: [{ path: '', message: `ClickHouse could not store this row in ${table}: ${error.slice(0, 300)}` }],
			payload: redactedPayload(line)
		},
		(_key, value) => (typeof value === 'string' ? value.toWellFormed() : value)
	);
}

export async function commitJob(
	job: { id: string; data: IngestJob },
	deps: Pick<IngestWorkerOptions, 'redis' | 'clickhouse' | 'dedupTtlHours'>,
	log?: Logger
): Promise<{ inserted: number; duplicates: number }> {
	const jobToken = createHash('sha256').update(job.id).digest('base64url').slice(0, 12);
	const buckets = claimBuckets(job.data.createdAt ?? Date.now(), deps.dedupTtlHours);
	const rejects = [...job.data.rejects];
	let inserted = 0;
	let duplicates = 0;
	const tables: string[] = [];
	// Tables are independent: claim and insert them concurrently (the engine overlaps their parsing and writes).
	await Promise.all(
		Object.entries(job.data.tables).map(async ([table, rows]) => {
			const dup = await claim(deps.redis, jobToken, buckets, deps.dedupTtlHours, rows.ids);
			// The same id twice within one job (two requests in one group commit) also counts once.
			const distinct = new Set(rows.ids);
			let body: string | string[] = rows.ndjson;
			let count = rows.ids.length;
			if (dup.size > 0 || distinct.size < rows.ids.length) {
				const all = rows.ndjson.split('\n');
				const seen = new Set<string>();
				body = all.filter((_, i) => !dup.has(i) && !seen.has(rows.ids[i]) && seen.add(rows.ids[i]));
				count = body.length;
			}
			duplicates += rows.ids.length - count;
			if (count === 0) return;
			const stop = insertSeconds.startTimer();
			const refused = await insertIsolating(deps.clickhouse, table, body, `${job.id}:${table}`);
			stop();
			for (const r of refused) rejects.push(unstorableReject(table, r.line, r.error));
			rowsInserted.inc({ table }, count - refused.length);
			inserted += count - refused.length;
			if (refused.length < count) tables.push(table);
		})
	);
	tables.sort();
	if (rejects.length > 0) {
		const refused = await insertIsolating(deps.clickhouse, 'ingest_rejects', rejects, `${job.id}:ingest_rejects`);
		rowsInserted.inc({ table: 'ingest_rejects' }, rejects.length - refused.length);
		// Our own dead-letter rows should always parse; if one does not, say so loudly rather than block the job.
		if (refused.length > 0) log?.error({ job: job.id, refused: refused.map((r) => redactedPayload(r.line, 500)) }, 'dead-letter rows ClickHouse could not store');
	}
	duplicatesDropped.inc(duplicates);
	if (inserted > 0) {
		const message: ChangedMessage = {
			tables,
			provinces: job.data.provinces,
			from: job.data.minOccurredAt,
			to: job.data.maxOccurredAt,
			events: inserted,
			at: Date.now()
		};
		await deps.redis
			.multi()
			.set(LAST_COMMIT_KEY, String(message.at))
			// A clock set wrong on a device may date an event a little ahead (within the accepted skew): never past now.
			.eval(RAISE_CLOCK_SCRIPT, 1, DATA_CLOCK_KEY, String(Math.min(message.to, message.at)))
			.publish(CHANGED_CHANNEL, JSON.stringify(message))
			.exec();
	}
	return { inserted, duplicates };
}

/**
 * Rows ClickHouse cannot parse will never parse: they are isolated and dead-lettered, not retried. Anything else
 * (engine down, table missing, timeout) is retried with backoff.
 */
export function isPermanentInsertError(error: unknown): boolean {
	const message = error instanceof Error ? error.message : String(error);
	return /Cannot parse input|CANNOT_PARSE|TYPE_MISMATCH|INCORRECT_DATA|Unknown field found|ParallelParsingBlockInputFormat/i.test(message);
}

/** The job with its rows read back from the payload stored beside it. */
async function loadJob(redis: Redis, job: Job<StoredJob>): Promise<IngestJob> {
	const stored = job.data;
	const tables: IngestJob['tables'] = {};
	if (Object.keys(stored.tables).length > 0) {
		const payload = await redis.getBuffer(payloadKey(job.id!));
		if (!payload) throw new UnrecoverableError(`the rows of ingest job ${job.id} are missing from Redis (${payloadKey(job.id!)})`);
		for (const [table, t] of Object.entries(stored.tables)) tables[table] = { ids: t.ids, ndjson: payload.toString('utf8', t.start, t.end) };
	}
	return { ...stored, tables };
}

export function startIngestWorker(options: IngestWorkerOptions): Worker<StoredJob> {
	const worker = new Worker<StoredJob>(
		INGEST_QUEUE,
		async (job: Job<StoredJob>) => {
			return commitJob({ id: job.id!, data: await loadJob(options.redis, job) }, options, options.log);
		},
		{
			connection: options.bullConnection,
			concurrency: options.concurrency,
			lockDuration: options.lockMs,
			// An idle worker long-polls at most 1 s, so a missed wake-up can never delay the live screens by more.
			drainDelay: 1,
			stalledInterval: Math.max(1_000, Math.floor(options.lockMs / 2)),
			// A job whose worker died is put back, not failed: being killed is not the job's fault.
			maxStalledCount: 1_000,
			settings: { backoffStrategy: backoffMs }
		}
	);
	// Only once the job is completed: a job retried after a crash still finds its rows.
	worker.on('completed', (job) => void options.redis.del(payloadKey(job.id!)).catch(() => {}));
	worker.on('failed', (job, error) =>
		options.log.warn({ job: job?.id, attempts: job?.attemptsMade, err: error.message }, 'ingest job failed; it will be retried')
	);
	worker.on('error', (error) => options.log.error({ err: error.message }, 'ingest worker error'));
	return worker;
}

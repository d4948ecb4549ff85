// POST /api/v1/events: the one door for sites, stores and channels. See static/openapi.yaml.
import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '#lib/server/app.ts';
import { BodyError, parseEvents, readBody } from '#lib/server/ingest/body.ts';
import { prepareBatch } from '#lib/server/ingest/batch.ts';
import { eventsAccepted, eventsRejected, requestsRefused } from '#lib/server/metrics.ts';
import { ingestGate } from '#lib/server/auth/ingest.ts';

function refuse(status: number, message: string, headers: Record<string, string> = {}): Response {
	requestsRefused.inc({ status: String(status) });
	return json({ error: message }, { status, headers });
}

function presentedKey(request: Request): string | null {
	const bearer = /^bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
	return bearer ? bearer[1] : request.headers.get('x-api-key');
}

export const POST: RequestHandler = async ({ request }) => {
	const app = await getApp();
	const { ingest } = app.config;

	let scope;
	try {
		scope = await app.keys.authenticate(presentedKey(request));
	} catch (error) {
		app.log.warn({ err: (error as Error).message }, 'could not look up an ingest key');
		return refuse(503, 'keys cannot be checked right now (ClickHouse unavailable); retry later', { 'Retry-After': '5' });
	}
	if (!scope) return refuse(401, 'missing, unknown or revoked API key: send "Authorization: Bearer mcc_…"', { 'WWW-Authenticate': 'Bearer' });
	if (scope.kind === 'channel' && scope.families.length === 0) return refuse(403, `channel "${scope.channel}" may not send events`);

	// A key revoked moments ago stops at once on every node (Redis marker), and each key has its own request budget.
	let gate;
	try {
		gate = await ingestGate(app.redis, scope.keyId, ingest.rateLimit);
	} catch {
		return refuse(503, 'the ingest queue is unavailable; retry later', { 'Retry-After': '5' });
	}
	if (gate.revoked) return refuse(401, 'missing, unknown or revoked API key: send "Authorization: Bearer mcc_…"', { 'WWW-Authenticate': 'Bearer' });
	if (!gate.allowed) {
		return refuse(429, `this key sent more than ${ingest.rateLimit.requests} requests in ${ingest.rateLimit.windowMs / 1000} s; retry after ${gate.retryAfterSeconds} s (nothing of this batch was accepted)`, {
			'Retry-After': String(gate.retryAfterSeconds)
		});
	}

	let depth: number;
	try {
		depth = await app.queue.depth();
		// A full queue is confirmed with a fresh count: a stale one must not refuse a batch just after it drained.
		if (depth >= ingest.maxQueueJobs) depth = await app.queue.depth(true);
	} catch {
		return refuse(503, 'the ingest queue is unavailable; retry later', { 'Retry-After': '5' });
	}
	if (depth >= ingest.maxQueueJobs) return refuse(429, `the ingest queue holds ${depth} batches; retry later`, { 'Retry-After': '5' });

	let items: unknown[];
	try {
		items = parseEvents((await readBody(request, ingest.maxBodyBytes)).toString('utf8'));
	} catch (error) {
		if (error instanceof BodyError) return refuse(error.status, error.message);
		throw error;
	}
	if (items.length > ingest.maxEventsPerBatch) {
		return refuse(413, `batch has ${items.length} events; the maximum is ${ingest.maxEventsPerBatch}: split it`);
	}

	const batch = prepareBatch(items, scope, {
		now: Date.now(),
		secret: app.config.citizenIdSecret,
		maxFutureSkewMs: ingest.maxFutureSkewMs
	});
	try {
		await app.commit.add(batch);
	} catch (error) {
		app.log.warn({ err: (error as Error).message }, 'could not queue an ingest batch');
		return refuse(503, 'the ingest queue is unavailable; nothing of this batch was accepted, retry it', { 'Retry-After': '5' });
	}
	eventsAccepted.inc(batch.accepted);
	eventsRejected.inc(batch.rejections.length);
	return json({ accepted: batch.accepted, rejected: batch.rejections }, { status: 202 });
};

// GET /api/v1/province-doses?limit=10: doses per province on the latest campaign day, largest first.
import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '#lib/server/app.ts';
import { provinceDosesLatestDay } from '#lib/server/queries/province-doses-latest-day.ts';

export const GET: RequestHandler = async ({ url }) => {
	const raw = url.searchParams.get('limit') ?? '10';
	const limit = Number(raw);
	if (!Number.isInteger(limit) || limit < 1 || limit > 63) return json({ error: 'limit must be an integer from 1 to 63' }, { status: 400 });
	return json(await provinceDosesLatestDay((await getApp()).clickhouse, limit));
};

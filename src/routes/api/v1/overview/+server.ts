// GET /api/v1/overview: the national ingest overview (doses, latest day, freshness).
import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '#lib/server/app.ts';
import { ingestOverview } from '#lib/server/queries/ingest-overview.ts';

export const GET: RequestHandler = async () => json(await ingestOverview((await getApp()).clickhouse));

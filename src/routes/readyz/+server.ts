// Readiness: ClickHouse and Redis both answer.
import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '#lib/server/app.ts';

export const GET: RequestHandler = async () => {
	const app = await getApp();
	const [clickhouse, redis] = await Promise.all([
		app.clickhouse.ping().then((r) => r.success, () => false),
		app.redis.ping().then((r) => r === 'PONG', () => false)
	]);
	const ready = clickhouse && redis;
	return json({ status: ready ? 'ready' : 'not ready', clickhouse, redis, clickhouseMode: app.config.clickhouse.mode }, { status: ready ? 200 : 503 });
};

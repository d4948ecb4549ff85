// GET /api/v1/quality/late-share?scope=&asOf=&minutes=60&days=7: share of events reported later than N minutes, per day and family.
import { readEndpoint } from '#lib/server/api/endpoint.ts';
import { ParamError, parseCount } from '#lib/server/api/params.ts';
import { LATENESS_THRESHOLDS_MINUTES, lateReportedShare, type LatenessThreshold } from '#lib/server/queries/late-reported-share.ts';

export const GET = readEndpoint({ name: 'late-share' }, async ({ app, scope, asOf, url }) => {
	const minutes = parseCount('minutes', url.searchParams.get('minutes'), 60, 1, 10_080);
	if (!(LATENESS_THRESHOLDS_MINUTES as readonly number[]).includes(minutes)) throw new ParamError('minutes', `must be one of ${LATENESS_THRESHOLDS_MINUTES.join(', ')}`);
	return { days: await lateReportedShare(app.clickhouse, scope, asOf, minutes as LatenessThreshold, parseCount('days', url.searchParams.get('days'), 7, 1, 120)) };
});

import { describe, expect, it } from 'vitest';
import { metricsAuthorized } from './metrics.ts';

const TOKEN = 'a3f1c0ffee0123456789abcdef012345';

describe('metricsAuthorized', () => {
	it('lets every scrape in when no METRICS_TOKEN is set', () => {
		expect(metricsAuthorized(null, null)).toBe(true);
		expect(metricsAuthorized('Bearer anything', null)).toBe(true);
	});

	it('with a token, wants exactly `Authorization: Bearer <token>` (scheme in any case)', () => {
		expect(metricsAuthorized(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
		expect(metricsAuthorized(`bearer ${TOKEN}`, TOKEN)).toBe(true);
		for (const header of [null, undefined, '', 'Bearer', 'Bearer ', `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.toUpperCase()}`, `Bearer ${TOKEN} extra`]) {
			expect(metricsAuthorized(header, TOKEN), String(header)).toBe(false);
		}
	});
});

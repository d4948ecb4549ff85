import { describe, it, expect } from 'vitest';
import { backoffMs, isPermanentInsertError } from './worker.ts';

describe('backoffMs', () => {
	it('grows with each attempt', () => {
		const delays = [0, 1, 2, 3, 4, 5, 6].map(backoffMs);
		expect(delays.slice(0, 3)).toEqual([500, 1000, 2000]);
		for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
	});

	it('is capped at 60 s, also for very many attempts', () => {
		for (const attempts of [7, 8, 10, 11, 50, 1000, 1e9]) {
			const delay = backoffMs(attempts);
			expect(delay).toBeLessThanOrEqual(60_000);
			expect(Number.isFinite(delay)).toBe(true);
		}
		expect(backoffMs(1000)).toBe(60_000);
	});
});

describe('isPermanentInsertError', () => {
	it('is true for rows ClickHouse cannot parse', () => {
		expect(isPermanentInsertError(new Error('Code: 27. DB::Exception: Cannot parse input: expected \'"\' before: ...: (at row 3)'))).toBe(true);
		expect(isPermanentInsertError(new Error('Code: 117. DB::Exception: Unknown field found while parsing JSONEachRow format: foo'))).toBe(true);
		expect(isPermanentInsertError('TYPE_MISMATCH')).toBe(true);
	});

	it('is false for a missing table (a migration not applied yet: retry)', () => {
		expect(isPermanentInsertError(new Error('Code: 60. DB::Exception: Table default.raw_visit does not exist. (UNKNOWN_TABLE)'))).toBe(false);
	});

	it('is false for a connection failure', () => {
		expect(isPermanentInsertError(new Error('connect ECONNREFUSED 127.0.0.1:8123'))).toBe(false);
		expect(isPermanentInsertError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(false);
	});
});

describe('claimBuckets', () => {
	it('starts with the job’s own day and goes back as many days as the TTL covers', async () => {
		const { claimBuckets } = await import('./worker.ts');
		const day = 18_870; // 2021-09-01
		expect(claimBuckets(day * 86_400_000 + 5_000, 72)).toEqual([`mcc:eid:${day}`, `mcc:eid:${day - 1}`, `mcc:eid:${day - 2}`, `mcc:eid:${day - 3}`]);
		expect(claimBuckets(day * 86_400_000, 1)).toHaveLength(2);
	});
});

import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, passwordProblem, PARAMS, verifyPassword } from './password.ts';

describe('password hashing (scrypt)', () => {
	it('verifies the right password, refuses a wrong one, salts each hash', async () => {
		const hash = await hashPassword('correct horse battery staple');
		expect(hash).toMatch(new RegExp(`^scrypt\\$${PARAMS.log2N}\\$${PARAMS.r}\\$${PARAMS.p}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
		expect(hash).not.toContain('horse');
		expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
		expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
		expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
		expect(await verifyPassword('', hash)).toBe(false);
		const again = await hashPassword('correct horse battery staple');
		expect(again).not.toBe(hash); // a new salt every time
		expect(await verifyPassword('correct horse battery staple', again)).toBe(true);
		expect(needsRehash(hash)).toBe(false);
	});

	it('normalises Unicode: the same Vietnamese password typed composed or decomposed matches', async () => {
		const composed = 'mật khẩu Hà Nội 2021'.normalize('NFC');
		const decomposed = composed.normalize('NFD');
		expect(decomposed).not.toBe(composed);
		expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
	});

	it('never matches a tampered, truncated or malformed hash, and never throws', async () => {
		const hash = await hashPassword('a long enough password');
		const parts = hash.split('$');
		const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
		const tampered = [
			[...parts.slice(0, 5), flip(parts[5])].join('$'), // the hash
			[...parts.slice(0, 4), flip(parts[4]), parts[5]].join('$'), // the salt
			[parts[0], '15', ...parts.slice(2)].join('$'), // a lower cost
			[parts[0], '30', ...parts.slice(2)].join('$'), // an absurd cost (refused before any work)
			hash.slice(0, -5),
			'',
			'plaintext',
			'bcrypt$2b$12$abc',
			'scrypt$16$8$1$$'
		];
		for (const t of tampered) expect(await verifyPassword('a long enough password', t), t).toBe(false);
		expect(needsRehash('plaintext')).toBe(true);
	});

	it('answers an unknown user (no hash) with false, after doing the same work', async () => {
		const started = performance.now();
		expect(await verifyPassword('anything at all', null)).toBe(false);
		expect(performance.now() - started).toBeGreaterThan(20);
	});

	it('asks for length, not composition', () => {
		expect(passwordProblem('short')).toMatch(/at least 12/);
		expect(passwordProblem('twelve chars')).toBeNull();
		expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
	});
});

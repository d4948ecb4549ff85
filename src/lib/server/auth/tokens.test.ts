import { describe, expect, it } from 'vitest';
import { isSessionId, newSessionId, newWallToken, parseWallToken, safeNext, secretMatches, sha256hex } from './tokens.ts';
import { auditRow, scrub } from './audit.ts';

describe('token formats', () => {
	it('session ids: 256 random bits, base64url, 43 characters; anything else is not one', () => {
		const ids = new Set(Array.from({ length: 1000 }, newSessionId));
		expect(ids.size).toBe(1000);
		for (const id of ids) expect(isSessionId(id)).toBe(true);
		for (const bad of ['', 'x', `${newSessionId()}x`, newSessionId().slice(1), `${newSessionId().slice(1)}=`, `${newSessionId().slice(1)}.`, null, undefined]) {
			expect(isSessionId(bad as string)).toBe(false);
		}
	});

	it('wall tokens: mccw_<16 hex>_<43 chars>; parsed back; secret checked against its sha256 only', () => {
		const { tokenId, secret, token } = newWallToken();
		expect(token).toMatch(/^mccw_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
		expect(parseWallToken(token)).toEqual({ tokenId, secret });
		expect(secretMatches(secret, sha256hex(secret))).toBe(true);
		expect(secretMatches(secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A'), sha256hex(secret))).toBe(false);
		expect(secretMatches(secret, 'abcd')).toBe(false);
		for (const bad of ['', token.slice(0, -1), token + 'x', token.replace('mccw_', 'mcc_'), token.toUpperCase(), `mccw_${tokenId}`, null]) {
			expect(parseWallToken(bad as string)).toBeNull();
		}
	});

	it('next: only same-site paths, never another host, a scheme or the login page itself', () => {
		expect(safeNext('/province/01?kiosk=1')).toBe('/province/01?kiosk=1');
		expect(safeNext('/')).toBe('/');
		for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'province/01', '/login?next=/x', '/logout', '/ok\r\nSet-Cookie: x', null, '']) {
			expect(safeNext(bad as string), String(bad)).toBe('/');
		}
	});
});

describe('audit rows', () => {
	it('keep no secrets and no citizen ID numbers', () => {
		const row = auditRow({
			actor: { kind: 'user', id: 'u1', name: 'op.hn', role: 'operator', province: '01' },
			action: 'alert.annotate',
			target: 'alert-1',
			detail: { note: 'called 001234567890 about it', password: 'hunter2hunter2', token: 'mccw_x', apiKey: 'mcc_x', count: 3, cccd: '079123456789', big: 123456789012 }
		});
		expect(row.detail).toBe(JSON.stringify({ note: 'called [number] about it', count: 3, big: '[number]' }));
		expect(JSON.stringify({ ...row, at: 0 })).not.toMatch(/\d{9,}|hunter2|mccw_|mcc_x/);
		expect(scrub('CMND 123456789 / CCCD 001234567890 / 12 doses / 1234567890123 stays')).toBe('CMND [number] / CCCD [number] / 12 doses / 1234567890123 stays');
		expect(scrub('cccd:001234567890, id_123456789')).toBe('cccd:[number], id_[number]');
		// a wall-token id that happens to hold 10 digits in a row is an id, not a citizen's number
		expect(scrub('a1234567890bcdef')).toBe('a1234567890bcdef');
	});
});

import { describe, expect, it } from 'vitest';
import { ACTIONS, canAct, canView, hasRole, roleProvinceProblem, type Action, type Principal, type View } from './policy.ts';

const user = (role: Principal['role'], province: string | null = null): Principal => ({ kind: 'user', id: `${role}-${province}`, name: role, role, province });
const wall = (province: string | null): Principal => ({ kind: 'wall', id: `wall-${province}`, name: 'wall', role: 'wall', province });

const P = {
	nationalViewer: user('national-viewer'),
	hanoiViewer: user('province-viewer', '01'),
	hcmViewer: user('province-viewer', '79'),
	nationalOperator: user('operator'),
	hanoiOperator: user('operator', '01'),
	admin: user('admin'),
	nationalWall: wall(null),
	hanoiWall: wall('01')
};
type Who = keyof typeof P | 'nobody';

const V = {
	national: { level: 'national' },
	hanoi: { level: 'province', province: '01' },
	hcm: { level: 'province', province: '79' },
	hanoiDistrict: { level: 'district', province: '01', district: '001' },
	hcmDistrict: { level: 'district', province: '79', district: '760' },
	hanoiSite: { level: 'site', province: '01', facility: 'S-01-00001' },
	hcmSite: { level: 'site', province: '79', facility: 'S-79-00001' },
	ops: { level: 'ops' },
	hanoiOps: { level: 'ops', province: '01' },
	hcmOps: { level: 'ops', province: '79' }
} satisfies Record<string, View>;

// Who sees what: every principal × every view. A province's detail only for the nation's principals and its own.
const SEES: Record<Who, (keyof typeof V)[]> = {
	nobody: [],
	nationalViewer: ['national', 'hanoi', 'hcm', 'hanoiDistrict', 'hcmDistrict', 'hanoiSite', 'hcmSite'],
	hanoiViewer: ['national', 'hanoi', 'hanoiDistrict', 'hanoiSite'],
	hcmViewer: ['national', 'hcm', 'hcmDistrict', 'hcmSite'],
	nationalOperator: ['national', 'hanoi', 'hcm', 'hanoiDistrict', 'hcmDistrict', 'hanoiSite', 'hcmSite', 'ops', 'hanoiOps', 'hcmOps'],
	hanoiOperator: ['national', 'hanoi', 'hanoiDistrict', 'hanoiSite', 'hanoiOps'],
	admin: ['national', 'hanoi', 'hcm', 'hanoiDistrict', 'hcmDistrict', 'hanoiSite', 'hcmSite', 'ops', 'hanoiOps', 'hcmOps'],
	nationalWall: ['national', 'hanoi', 'hcm', 'hanoiDistrict', 'hcmDistrict', 'hanoiSite', 'hcmSite'],
	hanoiWall: ['national', 'hanoi', 'hanoiDistrict', 'hanoiSite']
};

describe('canView', () => {
	for (const [who, seen] of Object.entries(SEES) as [Who, (keyof typeof V)[]][]) {
		for (const [name, view] of Object.entries(V) as [keyof typeof V, View][]) {
			const expected = seen.includes(name);
			it(`${who} ${expected ? 'sees' : 'does not see'} ${name}`, () => {
				expect(canView(who === 'nobody' ? null : P[who], view)).toBe(expected);
			});
		}
	}

	it('refuses a place without a province, and unknown levels', () => {
		expect(canView(P.hanoiViewer, { level: 'site', province: '', facility: 'X' })).toBe(false);
		expect(canView(P.nationalViewer, { level: 'site', province: '', facility: 'X' })).toBe(false);
		expect(canView(P.admin, { level: 'planet' } as unknown as View)).toBe(false);
		expect(canView(undefined, V.national)).toBe(false);
	});
});

// Who may do what, where. Alerts: operators within their scope; admin actions: admins; walls and viewers: nothing.
const ALERT: Action[] = ['alert.acknowledge', 'alert.assign', 'alert.annotate', 'alert.resolve'];
const ADMIN: Action[] = ['users.manage', 'wall-tokens.manage', 'ingest-keys.manage', 'reference.manage'];
const ACTS: [Who, Action[], keyof typeof V, boolean][] = [
	['nobody', [...ALERT, ...ADMIN], 'national', false],
	['nationalViewer', [...ALERT, ...ADMIN], 'hanoi', false],
	['hanoiViewer', [...ALERT, ...ADMIN], 'hanoi', false],
	['nationalOperator', ALERT, 'hanoiSite', true],
	['nationalOperator', ALERT, 'hcm', true],
	['nationalOperator', ADMIN, 'national', false],
	['hanoiOperator', ALERT, 'hanoiSite', true],
	['hanoiOperator', ALERT, 'hanoi', true],
	['hanoiOperator', ALERT, 'hcmSite', false],
	['hanoiOperator', ALERT, 'national', false],
	['admin', ADMIN, 'national', true],
	['admin', ALERT, 'hanoiSite', false],
	['nationalWall', [...ALERT, ...ADMIN], 'national', false],
	['hanoiWall', [...ALERT, ...ADMIN], 'hanoi', false]
];

describe('canAct', () => {
	it('covers every action', () => expect([...ALERT, ...ADMIN].sort()).toEqual([...ACTIONS].sort()));
	for (const [who, actions, where, expected] of ACTS) {
		for (const action of actions) {
			it(`${who} ${expected ? 'may' : 'may not'} ${action} at ${where}`, () => {
				expect(canAct(who === 'nobody' ? null : P[who], action, V[where] as Exclude<View, { level: 'ops' }>)).toBe(expected);
			});
		}
	}
	it('an unknown action is refused to everyone', () => {
		expect(canAct(P.admin, 'alert.delete' as Action)).toBe(false);
		expect(canAct(P.nationalOperator, 'users.delete' as Action)).toBe(false);
	});
});

describe('hasRole', () => {
	it('operator within its province only; admin everywhere; nobody else', () => {
		expect(hasRole(P.hanoiOperator, 'operator', V.hanoiSite)).toBe(true);
		expect(hasRole(P.hanoiOperator, 'operator', V.hcmSite)).toBe(false);
		expect(hasRole(P.hanoiOperator, 'operator')).toBe(false); // national by default
		expect(hasRole(P.nationalOperator, 'operator')).toBe(true);
		expect(hasRole(P.admin, 'admin')).toBe(true);
		expect(hasRole(P.admin, 'operator')).toBe(false);
		expect(hasRole(P.nationalViewer, 'admin')).toBe(false);
		expect(hasRole({ ...P.admin, kind: 'wall' }, 'admin')).toBe(false);
		expect(hasRole(null, 'admin')).toBe(false);
	});
});

describe('roleProvinceProblem', () => {
	it('a province-viewer needs a province; national-viewer and admin have none; operator either', () => {
		expect(roleProvinceProblem('province-viewer', null)).toMatch(/needs --province/);
		expect(roleProvinceProblem('province-viewer', '01')).toBeNull();
		expect(roleProvinceProblem('national-viewer', '01')).toMatch(/whole nation/);
		expect(roleProvinceProblem('admin', '01')).toMatch(/whole nation/);
		expect(roleProvinceProblem('admin', null)).toBeNull();
		expect(roleProvinceProblem('operator', null)).toBeNull();
		expect(roleProvinceProblem('operator', '79')).toBeNull();
		expect(roleProvinceProblem('root', null)).toMatch(/role must be one of/);
	});
});

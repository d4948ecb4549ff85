// /admin (admin role only): users, wall-screen tokens and ingest keys, with create / disable / revoke / rotate as form
// actions. Each action checks the role itself (a form post does not run the load), is audited, and SvelteKit's origin
// check of form posts (CSRF) stays on. New secrets (a wall token, an ingest key, a generated password) are in the
// action's answer only: shown once, stored nowhere but as hashes.
import { randomBytes } from 'node:crypto';
import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '#lib/server/app.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { auditLog, recentAudit } from '#lib/server/auth/audit.ts';
import { AuthInputError, createUser, listUsers } from '#lib/server/auth/users.ts';
import { createWallToken, listWallTokens } from '#lib/server/auth/wall-tokens.ts';
import { disableUserEverywhere, markIngestKeyRevokedEverywhere, revokeWallTokenEverywhere, setPasswordEverywhere } from '#lib/server/auth/service.ts';
import { clientAddress } from '#lib/server/auth/handle.ts';
import { ROLES } from '#lib/server/auth/policy.ts';
import { CHANNEL_FAMILIES, createIngestKey, listIngestKeys, revokeIngestKey, rotateIngestKey } from '#lib/server/ingest/keys.ts';
import { PROVINCE_BY_CODE, PROVINCES } from '#lib/reference/provinces.ts';

export const load: PageServerLoad = async (event) => {
	const principal = requireRole(event, 'admin');
	// After an action (a form posted as a whole page) the action has set it already; twice is an error.
	if (event.request.method !== 'POST') event.setHeaders({ 'cache-control': 'no-store' });
	const app = await getApp();
	const [users, wallTokens, ingestKeys, audit] = await Promise.all([listUsers(app.clickhouse), listWallTokens(app.clickhouse), listIngestKeys(app.clickhouse, 500), recentAudit(app.clickhouse, 50)]);
	return {
		me: principal.name,
		roles: [...ROLES],
		channels: Object.keys(CHANNEL_FAMILIES),
		provinces: PROVINCES.map((p) => ({ code: p.code, name: p.nameVi })),
		users,
		wallTokens,
		ingestKeys,
		audit
	};
};

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.trim() : '';
};

const request = (event: RequestEvent) => ({ ip: clientAddress(event), userAgent: event.request.headers.get('user-agent') ?? undefined });

/** Runs an admin action: the role checked first, input errors answered 400 with their message. */
async function adminAction<T>(event: RequestEvent, action: string, run: (form: FormData, app: Awaited<ReturnType<typeof getApp>>, actor: ReturnType<typeof requireRole>) => Promise<T>) {
	const actor = requireRole(event, 'admin');
	event.setHeaders({ 'cache-control': 'no-store' });
	const app = await getApp();
	const form = await event.request.formData();
	try {
		return { action, ok: true as const, ...(await run(form, app, actor)) };
	} catch (error) {
		if (error instanceof AuthInputError || (error instanceof Error && /^no (ingest key|wall token|user)|is revoked/.test(error.message))) {
			await auditLog(app, { actor, action, outcome: 'failed', detail: { error: error.message } }, event);
			return fail(400, { action, ok: false as const, message: error.message });
		}
		throw error;
	}
}

export const actions: Actions = {
	createUser: (event) =>
		adminAction(event, 'user.create', async (form, app, actor) => {
			// Leave the password empty to have one generated (shown once).
			const typed = form.get('password');
			const generated = typeof typed === 'string' && typed !== '' ? null : randomBytes(18).toString('base64url');
			const user = await createUser(app.clickhouse, { username: text(form, 'username'), role: text(form, 'role'), province: text(form, 'province') || null, password: generated ?? (typed as string), createdBy: actor.name });
			await auditLog(app, { actor, action: 'user.create', target: user.username, scope: user.province ? `province:${user.province}` : 'national', detail: { role: user.role } }, event);
			return { message: `user ${user.username} created`, secret: generated ? { label: `password of ${user.username}`, value: generated } : null };
		}),
	disableUser: (event) =>
		adminAction(event, 'user.disable', async (form, app, actor) => {
			const username = text(form, 'username');
			if (username === actor.name) throw new AuthInputError('you cannot disable yourself (another admin can)');
			const user = await disableUserEverywhere(app, username, actor, request(event));
			return { message: `user ${user.username} disabled; its sessions ended`, secret: null };
		}),
	setPassword: (event) =>
		adminAction(event, 'user.set-password', async (form, app, actor) => {
			const generated = randomBytes(18).toString('base64url');
			const user = await setPasswordEverywhere(app, text(form, 'username'), generated, actor, request(event));
			return { message: `new password for ${user.username}; its sessions ended`, secret: { label: `password of ${user.username}`, value: generated } };
		}),
	createWallToken: (event) =>
		adminAction(event, 'wall-token.create', async (form, app, actor) => {
			const view = text(form, 'view');
			const { wallToken, token } = await createWallToken(app.clickhouse, { view, label: text(form, 'label'), createdBy: actor.name });
			await auditLog(app, { actor, action: 'wall-token.create', target: wallToken.tokenId, scope: view, detail: { label: wallToken.label } }, event);
			const path = view === 'national' ? '/?kiosk=1&token=' : `/province/${view.slice('province:'.length)}?kiosk=1&token=`;
			return { message: `wall token ${wallToken.tokenId} (${view}) created`, secret: { label: 'kiosk URL (shown once)', value: `${event.url.origin}${path}${token}` } };
		}),
	revokeWallToken: (event) =>
		adminAction(event, 'wall-token.revoke', async (form, app, actor) => {
			const token = await revokeWallTokenEverywhere(app, text(form, 'tokenId'), actor, request(event));
			return { message: `wall token ${token.tokenId} revoked; its screens are logged out`, secret: null };
		}),
	createIngestKey: (event) =>
		adminAction(event, 'ingest-key.create', async (form, app, actor) => {
			const channel = text(form, 'channel');
			const facility = text(form, 'facility');
			const province = text(form, 'province');
			if (channel && !CHANNEL_FAMILIES[channel]) throw new AuthInputError(`channel must be one of ${Object.keys(CHANNEL_FAMILIES).join(', ')}`);
			if (!channel && (!facility || !PROVINCE_BY_CODE.has(province))) throw new AuthInputError('a facility key needs the facility id and its province (2-digit GSO code)');
			const label = text(form, 'label');
			const { keyId, key } = await createIngestKey(app.clickhouse, channel ? { kind: 'channel', channel, label } : { kind: 'facility', facilityId: facility, provinceCode: province, label });
			await auditLog(app, { actor, action: 'ingest-key.create', target: keyId, scope: channel ? `channel:${channel}` : `site:${facility}`, detail: { label } }, event);
			return { message: `ingest key ${keyId} created`, secret: { label: 'ingest key (shown once)', value: key } };
		}),
	rotateIngestKey: (event) =>
		adminAction(event, 'ingest-key.rotate', async (form, app, actor) => {
			const hours = Number(text(form, 'graceHours') || '24');
			if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 30) throw new AuthInputError('the grace period must be 0 to 720 hours');
			const rotated = await rotateIngestKey(app.clickhouse, text(form, 'keyId'), hours * 3_600_000);
			await auditLog(app, { actor, action: 'ingest-key.rotate', target: rotated.oldKeyId, detail: { newKeyId: rotated.keyId, graceHours: hours } }, event);
			return { message: `ingest key ${rotated.oldKeyId} works until ${new Date(rotated.oldValidUntil).toISOString()}; its successor is ${rotated.keyId}`, secret: { label: 'new ingest key (shown once)', value: rotated.key } };
		}),
	revokeIngestKey: (event) =>
		adminAction(event, 'ingest-key.revoke', async (form, app, actor) => {
			const keyId = text(form, 'keyId');
			await revokeIngestKey(app.clickhouse, keyId, app.keys);
			await markIngestKeyRevokedEverywhere(app, keyId);
			await auditLog(app, { actor, action: 'ingest-key.revoke', target: keyId }, event);
			return { message: `ingest key ${keyId} revoked`, secret: null };
		})
};

// Wall-screen tokens in ClickHouse (`wall_tokens`): read-only, bound to one view (national or province:NN),
// long-lived, revocable, stored as sha256(secret). Looked up only when a kiosk exchanges its token for a session
// (hooks.ts); revocation also leaves a marker in Redis (sessions.ts) that every request and socket join checks.
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { chTime } from '../ingest/rows.ts';
import { PROVINCE_BY_CODE } from '../../reference/provinces.ts';
import { newWallToken, parseWallToken, secretMatches, sha256hex } from './tokens.ts';
import { AuthInputError } from './users.ts';
import type { Principal } from './policy.ts';

export interface WallToken {
	tokenId: string;
	view: string;
	label: string;
	createdAt: number;
	createdBy: string;
	revokedAt: number | null;
	revokedBy: string;
	version: number;
}

interface Row {
	token_id: string;
	secret_hash: string;
	view: string;
	label: string;
	created_at: string;
	created_by: string;
	revoked_at: string | null;
	revoked_by: string;
	version: string;
}

const toMs = (text: string) => Date.parse(text.endsWith('Z') ? text : `${text.replace(' ', 'T')}Z`);

const toToken = (r: Row): WallToken => ({
	tokenId: r.token_id,
	view: r.view,
	label: r.label,
	createdAt: toMs(r.created_at),
	createdBy: r.created_by,
	revokedAt: r.revoked_at === null ? null : toMs(r.revoked_at),
	revokedBy: r.revoked_by,
	version: Number(r.version)
});

/** "national" or "province:NN": null when valid, else what is wrong. */
export function viewProblem(view: string): string | null {
	if (view === 'national') return null;
	const m = /^province:(\d{2})$/.exec(view);
	if (m && PROVINCE_BY_CODE.has(m[1])) return null;
	return 'the view must be national or province:NN (a GSO province code of 2021)';
}

/** What the session of a wall token may see: a national or provincial viewer's view, read-only. */
export function principalOfWallToken(token: Pick<WallToken, 'tokenId' | 'view' | 'label'>): Principal {
	return { kind: 'wall', id: token.tokenId, name: token.label || `wall ${token.tokenId}`, role: 'wall', province: token.view === 'national' ? null : token.view.slice('province:'.length) };
}

async function rows(client: ClickHouseClient, where: string, params: Record<string, unknown>): Promise<Row[]> {
	return (
		await client.query({
			query: `SELECT token_id, secret_hash, view, label, created_at, created_by, revoked_at, revoked_by, toString(version) AS version
			        FROM wall_tokens FINAL ${where} ORDER BY created_at DESC`,
			query_params: params,
			format: 'JSONEachRow'
		})
	).json<Row>();
}

async function write(client: ClickHouseClient, t: WallToken, secretHash: string): Promise<void> {
	await client.insert({
		table: 'wall_tokens',
		format: 'JSONEachRow',
		values: [
			{
				token_id: t.tokenId,
				secret_hash: secretHash,
				view: t.view,
				label: t.label,
				created_at: chTime(t.createdAt),
				created_by: t.createdBy,
				revoked_at: t.revokedAt === null ? null : chTime(t.revokedAt),
				revoked_by: t.revokedBy,
				version: t.version
			}
		]
	});
}

/** Makes a token; the token itself is returned once and never stored. */
export async function createWallToken(client: ClickHouseClient, spec: { view: string; label?: string; createdBy: string }): Promise<{ wallToken: WallToken; token: string }> {
	const problem = viewProblem(spec.view);
	if (problem) throw new AuthInputError(problem);
	const label = (spec.label ?? '').trim().slice(0, 200);
	const { tokenId, secret, token } = newWallToken();
	const now = Date.now();
	const wallToken: WallToken = { tokenId, view: spec.view, label, createdAt: now, createdBy: spec.createdBy, revokedAt: null, revokedBy: '', version: now };
	await write(client, wallToken, sha256hex(secret));
	return { wallToken, token };
}

export async function listWallTokens(client: ClickHouseClient): Promise<WallToken[]> {
	return (await rows(client, '', {})).map(toToken);
}

export async function revokedWallTokenIds(client: ClickHouseClient): Promise<string[]> {
	return (await rows(client, 'WHERE revoked_at IS NOT NULL', {})).map((r) => r.token_id);
}

/** A new version with revoked_at. The caller also marks it revoked in Redis (sessions.ts revokeSubject). */
export async function revokeWallToken(client: ClickHouseClient, tokenId: string, by: string): Promise<WallToken> {
	const [row] = await rows(client, 'WHERE token_id = {tokenId:String}', { tokenId });
	if (!row) throw new AuthInputError(`no wall token "${tokenId.slice(0, 32)}"`);
	const current = toToken(row);
	if (current.revokedAt !== null) return current;
	const now = Date.now();
	const revoked: WallToken = { ...current, revokedAt: now, revokedBy: by, version: Math.max(now, current.version + 1) };
	await write(client, revoked, row.secret_hash);
	return revoked;
}

/** The token a presented string is, if it is well formed, known, unrevoked and its secret matches; else null. */
export async function authenticateWallToken(client: ClickHouseClient, presented: string | null): Promise<WallToken | null> {
	const parsed = parseWallToken(presented);
	if (!parsed) return null;
	const [row] = await rows(client, 'WHERE token_id = {tokenId:String}', { tokenId: parsed.tokenId });
	if (!row || row.revoked_at !== null) return null;
	if (!secretMatches(parsed.secret, row.secret_hash)) return null;
	return toToken(row);
}

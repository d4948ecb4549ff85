// Users in ClickHouse (`users`, ReplacingMergeTree by version: a change is a new row; disabling is a new version with
// disabled = 1). Looked up at login only: a session carries the role, and disabling a user ends its sessions.
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '../clickhouse/client.ts';
import { chTime } from '../ingest/rows.ts';
import { PROVINCE_BY_CODE } from '../../reference/provinces.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { roleProvinceProblem, type Principal, type Role } from './policy.ts';

export interface User {
	userId: string;
	username: string;
	role: Role;
	province: string | null;
	disabled: boolean;
	createdAt: number;
	createdBy: string;
	updatedAt: number;
	updatedBy: string;
	version: number;
}

interface UserRow {
	username: string;
	user_id: string;
	role: string;
	province_code: string;
	password_hash: string;
	disabled: number;
	created_at: string;
	created_by: string;
	updated_at: string;
	updated_by: string;
	version: string;
}

export class AuthInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AuthInputError';
	}
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Usernames are compared lower-case, without surrounding spaces. */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();

export function usernameProblem(username: string): string | null {
	return USERNAME.test(username) ? null : 'the username must be 3-64 characters: a-z, 0-9, dot, dash or underscore, starting with a letter or digit';
}

const toMs = (text: string) => Date.parse(text.endsWith('Z') ? text : `${text.replace(' ', 'T')}Z`);

function toUser(row: UserRow): User {
	return {
		userId: row.user_id,
		username: row.username,
		role: row.role as Role,
		province: row.province_code || null,
		disabled: Number(row.disabled) === 1,
		createdAt: toMs(row.created_at),
		createdBy: row.created_by,
		updatedAt: toMs(row.updated_at),
		updatedBy: row.updated_by,
		version: Number(row.version)
	};
}

export function principalOfUser(user: User): Principal {
	return { kind: 'user', id: user.userId, name: user.username, role: user.role, province: user.province };
}

async function rows(client: ClickHouseClient, where: string, params: Record<string, unknown>): Promise<UserRow[]> {
	return (
		await client.query({
			query: `SELECT username, user_id, role, province_code, password_hash, disabled, created_at, created_by, updated_at, updated_by, toString(version) AS version
			        FROM users FINAL ${where} ORDER BY username`,
			query_params: params,
			format: 'JSONEachRow'
		})
	).json<UserRow>();
}

/** The user and its password hash (for login), or null. */
export async function findUser(client: ClickHouseClient, username: string): Promise<{ user: User; passwordHash: string } | null> {
	const [row] = await rows(client, 'WHERE username = {username:String}', { username: normaliseUsername(username) });
	return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

export async function listUsers(client: ClickHouseClient): Promise<User[]> {
	return (await rows(client, '', {})).map(toUser);
}

export async function countUsers(client: ClickHouseClient): Promise<number> {
	const [row] = await (await client.query({ query: 'SELECT count() AS n FROM users FINAL', format: 'JSONEachRow' })).json<{ n: string }>();
	return Number(row?.n ?? 0);
}

async function write(client: ClickHouseClient, user: User, passwordHash: string): Promise<void> {
	await client.insert({
		table: 'users',
		format: 'JSONEachRow',
		values: [
			{
				username: user.username,
				user_id: user.userId,
				role: user.role,
				province_code: user.province ?? '',
				password_hash: passwordHash,
				disabled: user.disabled ? 1 : 0,
				created_at: chTime(user.createdAt),
				created_by: user.createdBy,
				updated_at: chTime(user.updatedAt),
				updated_by: user.updatedBy,
				version: user.version
			}
		]
	});
}

export interface NewUser {
	username: string;
	role: string;
	province?: string | null;
	password: string;
	/** Who creates it: an admin's username, or "cli:<os user>". */
	createdBy: string;
}

/** Checks everything (AuthInputError names what is wrong), refuses an existing username, stores the scrypt hash. */
export async function createUser(client: ClickHouseClient, spec: NewUser): Promise<User> {
	const username = normaliseUsername(spec.username);
	const province = spec.province ? spec.province.trim() : null;
	const problem =
		usernameProblem(username) ??
		roleProvinceProblem(spec.role, province) ??
		(province && !PROVINCE_BY_CODE.has(province) ? `province "${province.slice(0, 8)}" is not one of the 63 GSO codes of 2021` : null) ??
		passwordProblem(spec.password);
	if (problem) throw new AuthInputError(problem);
	const existing = await findUser(client, username);
	if (existing) throw new AuthInputError(`user "${username}" exists${existing.user.disabled ? ' (disabled)' : ''}: choose another username`);
	const now = Date.now();
	const user: User = {
		userId: randomUUID(),
		username,
		role: spec.role as Role,
		province,
		disabled: false,
		createdAt: now,
		createdBy: spec.createdBy,
		updatedAt: now,
		updatedBy: spec.createdBy,
		version: now
	};
	await write(client, user, await hashPassword(spec.password));
	return user;
}

/** A new version with disabled = 1. The caller ends the user's sessions (sessions.ts revokeSubject). */
export async function disableUser(client: ClickHouseClient, username: string, by: string): Promise<User> {
	const found = await findUser(client, username);
	if (!found) throw new AuthInputError(`no user "${normaliseUsername(username).slice(0, 64)}"`);
	const now = Date.now();
	const user: User = { ...found.user, disabled: true, updatedAt: now, updatedBy: by, version: Math.max(now, found.user.version + 1) };
	await write(client, user, found.passwordHash);
	return user;
}

/** A new password (and a new version). The caller ends the user's sessions. */
export async function setPassword(client: ClickHouseClient, username: string, password: string, by: string): Promise<User> {
	const problem = passwordProblem(password);
	if (problem) throw new AuthInputError(problem);
	const found = await findUser(client, username);
	if (!found) throw new AuthInputError(`no user "${normaliseUsername(username).slice(0, 64)}"`);
	const now = Date.now();
	const user: User = { ...found.user, updatedAt: now, updatedBy: by, version: Math.max(now, found.user.version + 1) };
	await write(client, user, await hashPassword(password));
	return user;
}

/** Replaces a hash made with older parameters after a successful login (same user, same password). */
export async function rehash(client: ClickHouseClient, user: User, password: string): Promise<void> {
	const now = Date.now();
	await write(client, { ...user, updatedAt: now, version: Math.max(now, user.version + 1) }, await hashPassword(password));
}

// `npm run admin -- <command>`: users and wall-screen tokens from the command line.
//
//   create-user --username NAME --role national-viewer|province-viewer|operator|admin [--province NN]
//   set-password --username NAME
//   disable-user --username NAME
//   create-wall-token --view national|province:NN [--label TEXT]     (prints the token once)
//   revoke-wall-token --id TOKEN_ID
//   list-users | list-wall-tokens
//
// Passwords come from MCC_ADMIN_PASSWORD or stdin (typed without echo on a terminal, or piped), never from the
// command line (argv is visible to every user of the machine and kept in shell histories).
// In embedded mode run it while the server is stopped (one process per data directory); revocations then reach
// Redis when the server starts. With REDIS_URL (server mode) they take effect at once on running servers.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { loadConfigOrExit } from '../lib/server/config.ts';
import { openClickHouse } from '../lib/server/clickhouse/client.ts';
import { migrate } from '../lib/server/clickhouse/migrate.ts';
import { connectRedis, type RedisTarget } from '../lib/server/redis.ts';
import { createLogger } from '../lib/server/log.ts';
import { auditLog } from '../lib/server/auth/audit.ts';
import { AuthInputError, createUser, disableUser, listUsers, setPassword } from '../lib/server/auth/users.ts';
import { createWallToken, listWallTokens, revokeWallToken } from '../lib/server/auth/wall-tokens.ts';
import { revokeSubject, subjectOf } from '../lib/server/auth/sessions.ts';
import { ROLES } from '../lib/server/auth/policy.ts';

const USAGE = `usage: npm run admin -- <command>
  create-user --username NAME --role ${ROLES.join('|')} [--province NN]   (password: MCC_ADMIN_PASSWORD or stdin)
  set-password --username NAME                                            (password: MCC_ADMIN_PASSWORD or stdin)
  disable-user --username NAME
  create-wall-token --view national|province:NN [--label TEXT]
  revoke-wall-token --id TOKEN_ID
  list-users
  list-wall-tokens`;

function fail(message: string, code = 2): never {
	console.error(message);
	process.exit(code);
}

if (process.argv.some((a) => a === '--password' || a.startsWith('--password='))) {
	fail('--password is not accepted: the command line is visible to other users and kept in shell history. Set MCC_ADMIN_PASSWORD or pipe the password on stdin.');
}

let parsed;
try {
	parsed = parseArgs({
		allowPositionals: true,
		options: { username: { type: 'string' }, role: { type: 'string' }, province: { type: 'string' }, view: { type: 'string' }, label: { type: 'string' }, id: { type: 'string' } }
	});
} catch (error) {
	fail(`${(error as Error).message}\n${USAGE}`);
}
const { positionals, values } = parsed;
const command = positionals[0];
if (!command) fail(USAGE);

/** The password: MCC_ADMIN_PASSWORD, else stdin (a terminal: asked without echo; a pipe: its first line). */
async function readPassword(): Promise<string> {
	const fromEnv = process.env.MCC_ADMIN_PASSWORD;
	if (fromEnv) return fromEnv;
	if (process.stdin.isTTY) {
		process.stderr.write('Password (not shown): ');
		process.stdin.setRawMode(true);
		const password = await new Promise<string>((resolve) => {
			let typed = '';
			process.stdin.on('data', (chunk: Buffer) => {
				for (const ch of chunk.toString('utf8')) {
					if (ch === '\r' || ch === '\n') return resolve(typed);
					if (ch === '\u0003') process.exit(130);
					if (ch === '\u007f') typed = typed.slice(0, -1);
					else typed += ch;
				}
			});
		});
		process.stdin.setRawMode(false);
		process.stdin.pause();
		process.stderr.write('\n');
		return password;
	}
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

const config = loadConfigOrExit();
const log = createLogger('warn', 'mcc-admin');
const actor = { kind: 'cli' as const, name: `cli:${userInfo().username}` };

/** Redis of running servers, if reachable (REDIS_URL, or the managed server's socket while it runs); else null. */
async function reachRedis(): Promise<Redis | null> {
	let target: RedisTarget;
	if (config.redis.mode === 'external') target = { url: config.redis.url };
	else if (existsSync(config.redis.socket)) target = { path: config.redis.socket };
	else return null;
	const redis = connectRedis(target, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
	redis.on('error', () => {});
	try {
		await redis.connect();
		await redis.ping();
		return redis;
	} catch {
		redis.disconnect();
		return null;
	}
}

async function revokeNow(subject: string, what: string): Promise<void> {
	const redis = await reachRedis();
	if (!redis) {
		console.log(`Redis is not reachable: ${what} takes effect on running servers when they next start (they read revocations from ClickHouse).`);
		return;
	}
	try {
		const ended = await revokeSubject(redis, subject, true);
		console.log(`${what}: ${ended} session(s) ended now.`);
	} finally {
		redis.disconnect();
	}
}

const need = (name: keyof typeof values, hint: string): string => {
	const v = values[name];
	if (typeof v !== 'string' || v === '') fail(`--${name} is required: ${hint}\n${USAGE}`);
	return v;
};

// Validate the arguments before opening the engine (fast failure, no lock taken).
const known = ['create-user', 'set-password', 'disable-user', 'create-wall-token', 'revoke-wall-token', 'list-users', 'list-wall-tokens'];
if (!known.includes(command)) fail(`unknown command "${command}"\n${USAGE}`);

let client;
try {
	client = await openClickHouse(config.clickhouse);
} catch (error) {
	fail((error as Error).message, 1);
}
const app = { clickhouse: client, log };
try {
	await migrate(client);
	switch (command) {
		case 'create-user': {
			const username = need('username', 'the login name');
			const role = need('role', ROLES.join(', '));
			const password = await readPassword();
			const user = await createUser(client, { username, role, province: values.province ?? null, password, createdBy: actor.name });
			await auditLog(app, { actor, action: 'user.create', target: user.username, scope: user.province ? `province:${user.province}` : 'national', detail: { role: user.role } });
			console.log(`created ${user.role} ${user.username}${user.province ? ` (province ${user.province})` : ''}`);
			break;
		}
		case 'set-password': {
			const username = need('username', 'the login name');
			const user = await setPassword(client, username, await readPassword(), actor.name);
			await auditLog(app, { actor, action: 'user.set-password', target: user.username });
			const redis = await reachRedis();
			if (redis) {
				await revokeSubject(redis, subjectOf({ kind: 'user', id: user.userId }), false);
				redis.disconnect();
			}
			console.log(`new password set for ${user.username}${redis ? '; its sessions ended' : ''}`);
			break;
		}
		case 'disable-user': {
			const user = await disableUser(client, need('username', 'the login name'), actor.name);
			await auditLog(app, { actor, action: 'user.disable', target: user.username });
			console.log(`disabled ${user.username}`);
			await revokeNow(subjectOf({ kind: 'user', id: user.userId }), 'the disabling');
			break;
		}
		case 'create-wall-token': {
			const view = need('view', 'national or province:NN');
			const { wallToken, token } = await createWallToken(client, { view, label: values.label, createdBy: actor.name });
			await auditLog(app, { actor, action: 'wall-token.create', target: wallToken.tokenId, scope: view, detail: { label: wallToken.label } });
			const path = view === 'national' ? '/?kiosk=1&token=' : `/province/${view.slice('province:'.length)}?kiosk=1&token=`;
			console.error(`wall token ${wallToken.tokenId} for ${view} (shown once; only its hash is stored). Open on the screen: https://<host>${path}<token>`);
			console.log(token);
			break;
		}
		case 'revoke-wall-token': {
			const token = await revokeWallToken(client, need('id', 'the token id (list-wall-tokens)'), actor.name);
			await auditLog(app, { actor, action: 'wall-token.revoke', target: token.tokenId, scope: token.view });
			console.log(`revoked wall token ${token.tokenId} (${token.view})`);
			await revokeNow(subjectOf({ kind: 'wall', id: token.tokenId }), 'the revocation');
			break;
		}
		case 'list-users':
			for (const u of await listUsers(client)) console.log([u.username, u.role, u.province ?? 'national', u.disabled ? 'disabled' : 'active'].join('\t'));
			break;
		case 'list-wall-tokens':
			for (const t of await listWallTokens(client)) console.log([t.tokenId, t.view, t.revokedAt === null ? 'active' : 'revoked', t.label].join('\t'));
			break;
	}
} catch (error) {
	if (error instanceof AuthInputError) fail(error.message, 1);
	throw error;
} finally {
	await client.close();
}

// Access control of socket.io (live/socket.ts): the handshake reads the session cookie (no session, no socket: an
// unauthenticated client cannot join any room), every room:join re-checks the session in Redis (revoked, logged out
// or expired since the handshake → refused) and asks policy.ts canView about the room's place; a revocation
// (AUTH_CHANNEL) drops the sockets it concerns on every node at once, and a pass every 30 s drops sockets whose
// session ended any other way (and keeps open screens' sessions from idling out).
import type { IncomingHttpHeaders } from 'node:http';
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../log.ts';
import { connectRedis, type RedisTarget } from '../redis.ts';
import { getPlaces } from '../places.ts';
import { canView, type View } from './policy.ts';
import { AUTH_CHANNEL, resolveHash, resolveSession, revokes, type RevokedMessage, type Session } from './sessions.ts';
import { SESSION_COOKIE } from './tokens.ts';

// Any event maps: the guard does not care what the hub sends.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyServer = Server<any, any, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySocket = Socket<any, any, any, any>;

export interface LiveGuard {
	/** Installs the handshake check and the revocation watch on a socket.io server; returns what stops them. */
	install(io: AnyServer, deps: { log: Logger; redisTarget: RedisTarget }): () => void;
	/** Why this socket may not join this room (a message for the client), or null when it may. */
	refuse(socket: AnySocket, room: string): Promise<string | null>;
}

export const RECHECK_MS = 30_000;

export function cookieValue(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
	}
	return null;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * A browser's handshake from another origin (cross-site WebSocket hijacking) is refused: its Origin's host must be
 * this server's (the Host header, or a trusted proxy's HOST_HEADER). Clients that send no Origin are not browsers.
 */
export function originAllowed(headers: IncomingHttpHeaders, hostHeader: string | null): boolean {
	const origin = first(headers.origin);
	if (!origin) return true;
	let host: string;
	try {
		host = new URL(origin).host;
	} catch {
		return false;
	}
	const expected = (hostHeader && first(headers[hostHeader])) || first(headers.host);
	return typeof expected === 'string' && host.toLowerCase() === expected.toLowerCase();
}

function refusal(message: string, status: number): Error {
	return Object.assign(new Error(message), { data: { status } });
}

/** The guard of the running app (getApp): the default of attachLive. */
export function appLiveGuard(): LiveGuard {
	const app = async () => (await import('../app.ts')).getApp();

	/** The place a room shows, or null for a site the directory does not know. */
	async function roomView(room: string): Promise<View | null> {
		if (room === 'national') return { level: 'national' };
		if (room === 'ops') return { level: 'ops' };
		if (room.startsWith('ops:')) return { level: 'ops', province: room.slice(4) };
		if (room.startsWith('province:')) return { level: 'province', province: room.slice(9) };
		if (room.startsWith('site:')) {
			const a = await app();
			const id = room.slice(5);
			const facility = (await getPlaces(a.clickhouse, a.config.populationScale)).facilities.get(id);
			return facility ? { level: 'site', province: facility.province, facility: id } : null;
		}
		return null;
	}

	return {
		install(io, deps) {
			io.use(async (socket, next) => {
				try {
					const a = await app();
					if (!originAllowed(socket.handshake.headers, a.config.auth.hostHeader)) return next(refusal('origin not allowed', 403));
					const session = await resolveSession(a.redis, cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE));
					if (!session) return next(refusal('log in first (no valid session cookie)', 401));
					socket.data.session = session;
					next();
				} catch (error) {
					deps.log.warn({ err: (error as Error).message }, 'socket handshake: could not check the session');
					next(refusal('sessions cannot be checked right now; retry', 503));
				}
			});
			const drop = (test: (s: Session) => boolean) => {
				for (const socket of io.of('/').sockets.values()) {
					const session = socket.data.session as Session | undefined;
					if (!session || test(session)) socket.disconnect(true);
				}
			};
			const subscriber = connectRedis(deps.redisTarget, { maxRetriesPerRequest: null });
			subscriber.on('error', (error) => deps.log.warn({ err: error.message }, 'redis (auth revocations) connection error'));
			void subscriber.subscribe(AUTH_CHANNEL);
			subscriber.on('message', (_channel, text) => {
				try {
					const message = JSON.parse(text) as RevokedMessage;
					drop((s) => revokes(message, s));
				} catch {
					deps.log.warn('ignored a malformed revocation message');
				}
			});
			let busy = false;
			const timer = setInterval(async () => {
				if (busy) return;
				busy = true;
				try {
					const a = await app();
					const ended = new Set<string>();
					for (const socket of io.of('/').sockets.values()) {
						const session = socket.data.session as Session | undefined;
						if (session && !ended.has(session.hash) && !(await resolveHash(a.redis, session.hash))) ended.add(session.hash);
					}
					if (ended.size > 0) drop((s) => ended.has(s.hash));
				} catch (error) {
					deps.log.warn({ err: (error as Error).message }, 'socket session re-check failed');
				} finally {
					busy = false;
				}
			}, RECHECK_MS);
			timer.unref();
			return () => {
				clearInterval(timer);
				subscriber.disconnect();
			};
		},

		async refuse(socket, room) {
			const known = socket.data.session as Session | undefined;
			if (!known) return 'log in first';
			const a = await app();
			const session = await resolveHash(a.redis, known.hash);
			if (!session) return 'your session has ended: log in again';
			const view = await roomView(room);
			// An unknown site shows nothing (a null snapshot): only principals of the whole nation are told so.
			if (!view) return session.principal.province === null ? null : 'not allowed to see this room';
			return canView(session.principal, view) ? null : 'not allowed to see this room';
		}
	};
}

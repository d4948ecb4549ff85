// Structured JSON logs (pino): one line per event, machine-readable, no personal data, no secrets.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACTED = '[redacted]';

/**
 * Names whose values never reach a log, at the top of what is logged or one level down (`{ password }`,
 * `{ body: { password } }`, `{ headers: { cookie } }`, `{ err: { token } }`, `{ config: { citizenIdSecret } }`).
 */
export const SECRET_FIELDS = [
	'password',
	'passwordHash',
	'password_hash',
	// wall tokens (mccw_…), ingest keys (mcc_…) and their secrets
	'token',
	'secret',
	'key',
	'apiKey',
	'api_key',
	// session ids (the mcc_session cookie)
	'sessionId',
	'session_id',
	'sid',
	'mcc_session',
	// HTTP headers, as Node names them (lower case)
	'authorization',
	'proxy-authorization',
	'cookie',
	'set-cookie',
	'x-api-key',
	// config fields (src/lib/server/config.ts)
	'citizenIdSecret',
	'metricsToken'
] as const;

/** Where headers sit deeper than one level: a request or response, an HTTP client's error (err.config.headers…). */
const HEADER_HOLDERS = ['req.headers', 'request.headers', 'res.headers', 'response.headers', 'err.config.headers', 'err.request.headers', 'err.response.headers', 'error.config.headers', 'error.response.headers'];
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];
/** Where bodies and forms sit deeper than one level. */
const BODY_HOLDERS = ['req.body', 'request.body', 'err.config.data', 'error.config.data'];
const BODY_SECRETS = ['password', 'token', 'secret', 'key'];

/** The config (src/lib/server/config.ts) and the environment, whole or as the app holds them. A Redis password is part of
 * its URL; ClickHouse's has its own setting. */
const CONFIG_SECRETS = ['config.clickhouse.password', 'config.redis.url', 'app.config.clickhouse.password', 'app.config.redis.url', 'app.config.citizenIdSecret', 'app.config.metricsToken'];
const ENV_SECRETS = ['CITIZEN_ID_SECRET', 'CLICKHOUSE_PASSWORD', 'METRICS_TOKEN', 'MCC_ADMIN_PASSWORD', 'REDIS_URL'].flatMap((name) => [`env.${name}`, `process.env.${name}`]);

const member = (path: string, name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? (path ? `${path}.${name}` : name) : `${path}["${name}"]`);

/**
 * pino redact paths. Wildcards cost (each `*` is a walk over the logged object's keys at every line), so only one
 * level of them; the deeper places secrets are found in practice are listed whole.
 */
export const REDACT_PATHS: readonly string[] = [
	// Citizen IDs never reach a log, even inside an error object someone logs by mistake.
	'citizen_id',
	'*.citizen_id',
	'*.*.citizen_id',
	...SECRET_FIELDS.flatMap((name) => [member('', name), member('*', name)]),
	...HEADER_HOLDERS.flatMap((holder) => SECRET_HEADERS.map((name) => member(holder, name))),
	...BODY_HOLDERS.flatMap((holder) => BODY_SECRETS.map((name) => member(holder, name))),
	...CONFIG_SECRETS,
	...ENV_SECRETS
];

/** The process's logger: JSON lines on stdout, or on `destination` (tests). */
export function createLogger(level: string, name = 'mcc', destination?: DestinationStream): Logger {
	const options = {
		name,
		level,
		base: { pid: process.pid },
		timestamp: pino.stdTimeFunctions.isoTime,
		redact: { paths: [...REDACT_PATHS], censor: REDACTED }
	};
	return destination ? pino(options, destination) : pino(options);
}

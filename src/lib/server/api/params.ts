// Query-string parameters of the read API, checked in one place: errors name the parameter and the rule.
import { EARLIEST_EVENT_TIME } from '../../events/contract.ts';

export class ParamError extends Error {
	readonly param: string;
	constructor(param: string, message: string) {
		super(`${param} ${message}`);
		this.param = param;
	}
}

/** `asOf`: an ISO 8601 date-time with a time zone, or epoch milliseconds; default now. Not before 2021. */
export function parseAsOf(value: string | null, now: number): number {
	if (value === null || value === '') return now;
	const ms = /^\d{1,15}$/.test(value) ? Number(value) : /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
	if (!Number.isFinite(ms)) throw new ParamError('asOf', 'must be an ISO 8601 date-time with a time zone (2021-08-10T09:30:00+07:00) or epoch milliseconds');
	if (ms < EARLIEST_EVENT_TIME) throw new ParamError('asOf', 'must not be before 2021-01-01');
	return ms;
}

/** A whole number in [min, max]; `fallback` when absent. */
export function parseCount(name: string, value: string | null, fallback: number, min: number, max: number): number {
	if (value === null || value === '') return fallback;
	if (!/^\d+$/.test(value)) throw new ParamError(name, 'must be a whole number');
	const n = Number(value);
	if (n < min || n > max) throw new ParamError(name, `must be from ${min} to ${max}`);
	return n;
}

export type Format = 'json' | 'csv';

export function parseFormat(value: string | null): Format {
	if (value === null || value === '' || value === 'json') return 'json';
	if (value === 'csv') return 'csv';
	throw new ParamError('format', 'must be json or csv');
}

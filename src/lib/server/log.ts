// Structured JSON logs (pino): one line per event, machine-readable, no personal data.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'mcc'): Logger {
	return pino({
		name,
		level,
		base: { pid: process.pid },
		timestamp: pino.stdTimeFunctions.isoTime,
		// Citizen IDs never reach a log, even inside an error object someone logs by mistake.
		redact: { paths: ['citizen_id', '*.citizen_id', '*.*.citizen_id'], censor: '[redacted]' }
	});
}

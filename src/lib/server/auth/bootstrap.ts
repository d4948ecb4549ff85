// A developer's first `npm start`: no user exists, so nobody could log in. With AUTH_BOOTSTRAP_ADMIN (on by default
// in development only; refused in production), an admin "admin" is created with a random password, written to
// DATA_DIR/initial-admin.txt (mode 0600) and never to the log. Production creates its first admin with
// `npm run admin -- create-user --username NAME --role admin` (the password on stdin).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../app.ts';
import { auditLog } from './audit.ts';
import { countUsers, createUser } from './users.ts';

export const INITIAL_ADMIN_FILE = 'initial-admin.txt';

export async function bootstrapFirstAdmin(app: Pick<App, 'config' | 'clickhouse' | 'log'>): Promise<{ file: string } | null> {
	if (!app.config.auth.bootstrapAdmin) return null;
	if ((await countUsers(app.clickhouse)) > 0) return null;
	const password = randomBytes(18).toString('base64url');
	const user = await createUser(app.clickhouse, { username: 'admin', role: 'admin', password, createdBy: 'bootstrap' });
	const file = join(app.config.dataDir, INITIAL_ADMIN_FILE);
	mkdirSync(app.config.dataDir, { recursive: true });
	writeFileSync(file, `username: ${user.username}\npassword: ${password}\n`, { mode: 0o600 });
	await auditLog(app, { actor: { kind: 'system', name: 'bootstrap' }, action: 'user.create', target: user.username, detail: { role: user.role, reason: 'first start, no user (AUTH_BOOTSTRAP_ADMIN)' } });
	app.log.warn({ file, username: user.username }, 'no user existed: created the admin "admin"; its password is in this file (read it, log in at /login, then delete the file)');
	return { file };
}

// The login page. Its form posts to the default action (SvelteKit checks the form's Origin: CSRF); with JavaScript
// the page posts JSON to POST /login (+server.ts) instead, which works the same.
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { loginFromRequest } from '#lib/server/auth/routes.ts';
import { safeNext } from '#lib/server/auth/tokens.ts';
import { langFrom } from '#lib/i18n.ts';

export const load: PageServerLoad = async ({ url, locals, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const principal = locals.principal ?? null;
	return {
		next: safeNext(url.searchParams.get('next')),
		lang: langFrom(url),
		user: principal ? { name: principal.name, role: principal.role, province: principal.province } : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const username = form.get('username');
		const next = safeNext(typeof form.get('next') === 'string' ? (form.get('next') as string) : null);
		const result = await loginFromRequest(event, form.get('username'), form.get('password'));
		if (!result.ok) {
			if (result.retryAfterSeconds) event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(result.status, { message: result.message, username: typeof username === 'string' ? username.slice(0, 64) : '', retryAfterSeconds: result.retryAfterSeconds ?? null });
		}
		redirect(303, next);
	}
};

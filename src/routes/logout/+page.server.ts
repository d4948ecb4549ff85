// GET /logout shows a button (no state change on GET); its form post ends the session and goes to /login.
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { logoutFromRequest } from '#lib/server/auth/routes.ts';

export const load: PageServerLoad = ({ locals }) => ({ user: locals.principal ? locals.principal.name : null });

export const actions: Actions = {
	default: async (event) => {
		await logoutFromRequest(event);
		redirect(303, '/login');
	}
};

// Liveness: the process answers. Readiness (dependencies) is /readyz.
import { json, type RequestHandler } from '@sveltejs/kit';

export const GET: RequestHandler = () => json({ status: 'ok' });

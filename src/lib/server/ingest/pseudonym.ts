import { createHmac } from 'node:crypto';

/**
 * A citizen ID becomes a keyed hash (HMAC-SHA256 with the deployment secret, first 128 bits as hex):
 * stable per person so doses link up and duplicates show, useless without the secret.
 */
export function citizenHash(secret: string, citizenId: string): string {
	return createHmac('sha256', secret).update(citizenId).digest('hex').slice(0, 32);
}

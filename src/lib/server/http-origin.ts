// The protocol of a request as SvelteKit sees it, under src/main.ts.
//
// adapter-node builds each request's URL from PROTOCOL_HEADER, HOST_HEADER and PORT_HEADER and, with no
// PROTOCOL_HEADER, assumes https. Over plain http without a proxy (`npm start`, the compose web service without TLS)
// that made every URL https://…, so SvelteKit's CSRF check refused every form post: its Origin, http://…, was
// "another origin". Without PROTOCOL_HEADER, src/main.ts points adapter-node at a header of its own
// (CONNECTION_PROTOCOL_HEADER) and this wrapper writes it on every request from the connection itself — https on a TLS
// socket, else http — over anything a client sent. Behind a proxy that terminates TLS, PROTOCOL_HEADER (e.g.
// x-forwarded-proto) is set and the adapter reads the proxy's header as before; this wrapper is not used.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONNECTION_PROTOCOL_HEADER } from './config.ts';

export { CONNECTION_PROTOCOL_HEADER };

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => unknown;

/** The protocol of the connection a request came on: https only on a TLS socket. */
export function connectionProtocol(req: IncomingMessage): 'http' | 'https' {
	return (req.socket as IncomingMessage['socket'] & { encrypted?: boolean }).encrypted ? 'https' : 'http';
}

/**
 * The handler, with each request's CONNECTION_PROTOCOL_HEADER set from its connection. `onForwardedProto` is called
 * when a request carries X-Forwarded-Proto (a proxy is in front, but PROTOCOL_HEADER is unset: it is not trusted).
 */
export function withConnectionProtocol(handler: NodeHandler, onForwardedProto?: (req: IncomingMessage) => void): NodeHandler {
	return (req, res, next) => {
		req.headers[CONNECTION_PROTOCOL_HEADER] = connectionProtocol(req);
		if (onForwardedProto && req.headers['x-forwarded-proto'] !== undefined) onForwardedProto(req);
		return handler(req, res, next);
	};
}

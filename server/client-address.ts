// The address a request or a Socket.IO connection comes from, for the per-address limits and the
// logs. Behind a load balancer every connection comes from the balancer: with TRUST_PROXY naming
// it, the client address it puts in X-Forwarded-For is used instead (proxy-addr, as Express does).
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type ClientAddress = (req: IncomingMessage) => string;

export function clientAddress(trustProxy: string[] | undefined): ClientAddress {
  if (!trustProxy) return (req) => req.socket.remoteAddress ?? '';
  const trust = proxyaddr.compile(trustProxy);
  return (req) => proxyaddr(req, trust);
}

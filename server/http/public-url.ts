// The base URL phones use to reach this server. Listening on every interface (0.0.0.0) says
// nothing a phone can use, so pick this machine's first LAN address instead.
import { networkInterfaces } from 'node:os';

export function publicBaseUrl(configured: string | undefined, host: string, port: number): string {
  if (configured) return configured;
  const wildcard = host === '0.0.0.0' || host === '::';
  const address = wildcard ? (lanAddress() ?? 'localhost') : host;
  const hostPart = address.includes(':') ? `[${address}]` : address;
  return `http://${hostPart}:${port}`;
}

function lanAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return undefined;
}

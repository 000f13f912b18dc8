// Listening on the configured address, and the one-line reason when that fails — shared by
// `npm start` (app.ts) and the primary of `npm run start:cluster`.
import type { Server } from 'node:http';

export function listen(http: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
}

/** Why listening failed, in one line that says what to change. */
export function listenFailure(where: { host: string; port: number }, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const at = `${where.host}:${where.port}`;
  if (code === 'EADDRINUSE') return `Cannot listen on ${at}: the port is in use (is Parley already running?). Set PORT to another port.`;
  if (code === 'EACCES') return `Cannot listen on ${at}: permission denied (ports below 1024 need privileges). Set PORT to another port.`;
  if (code === 'EADDRNOTAVAIL') return `Cannot listen on ${at}: this machine has no such address. Check HOST.`;
  return `Cannot listen on ${at}: ${err instanceof Error ? err.message : String(err)}`;
}

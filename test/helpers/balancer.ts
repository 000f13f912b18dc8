// A load balancer for tests, as small as one can be: a TCP proxy on a free port that sends each new
// connection to the process `target` names at that moment. Pages keep one origin (their id and
// answers live in that origin's storage) while the processes behind it come and go.
import { createServer, connect, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface Balancer {
  url: string;
  /** The port new connections go to from now on. */
  target: number;
}

export async function startBalancer(target: number): Promise<Balancer> {
  const open = new Set<Socket>();
  const balancer = { url: '', target };
  const server = createServer((client) => {
    const upstream = connect(balancer.target, '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  balancer.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return balancer;
}

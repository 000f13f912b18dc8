// A minimal Socket.IO client speaking the wire protocol (Engine.IO 4, Socket.IO 5) over a bare
// WebSocket: one connection costs one `ws` socket and a few closures, so a load process can hold
// thousands and the load generator is not the bottleneck. Only what the bench needs: connect to
// the default namespace, emit with acknowledgement, receive events, answer pings.
import WebSocket from 'ws';

type Listener = (event: string, data: unknown) => void;

export class WireClient {
  private nextAckId = 0;
  private readonly acks = new Map<number, (data: unknown) => void>();
  /** Events the server pushed (name → count), e.g. audience:state. */
  readonly received = new Map<string, number>();
  private listener: Listener | null = null;

  private constructor(private readonly ws: WebSocket) {}

  /** Opens a connection to `baseUrl` (http://host:port) and joins the default namespace. */
  static connect(baseUrl: string, timeoutMs = 30_000): Promise<WireClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client = new WireClient(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('connect timed out'));
      }, timeoutMs);
      const fail = (err: Error): void => {
        clearTimeout(timer);
        reject(err);
      };
      ws.once('error', fail);
      ws.on('close', () => {
        for (const resolveAck of client.acks.values()) resolveAck({ ok: false, error: { code: 'closed' } });
        client.acks.clear();
      });
      ws.on('message', (raw: Buffer) => {
        const packet = raw.toString();
        switch (packet[0]) {
          case '0': // Engine.IO open: connect to the default namespace
            ws.send('40');
            return;
          case '2': // ping
            ws.send('3');
            return;
          case '4':
            if (packet[1] === '0') {
              clearTimeout(timer);
              ws.off('error', fail);
              resolve(client);
            } else if (packet[1] === '4') {
              fail(new Error(`connect refused: ${packet.slice(2)}`));
            } else client.onMessage(packet.slice(1));
            return;
        }
      });
    });
  }

  /** Emits `event` and resolves with the acknowledgement's argument. */
  emitWithAck(event: string, data: unknown): Promise<unknown> {
    const id = this.nextAckId++;
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      this.ws.send(`42${id}${JSON.stringify([event, data])}`);
    });
  }

  onEvent(listener: Listener): void {
    this.listener = listener;
  }

  close(): void {
    this.ws.terminate();
  }

  /** A Socket.IO packet: "2[…]" an event, "3<id>[…]" an acknowledgement. */
  private onMessage(packet: string): void {
    const type = packet[0];
    let i = 1;
    while (i < packet.length && packet[i]! >= '0' && packet[i]! <= '9') i++;
    const id = i > 1 ? Number(packet.slice(1, i)) : undefined;
    if (type === '3' && id !== undefined) {
      const resolve = this.acks.get(id);
      this.acks.delete(id);
      resolve?.((JSON.parse(packet.slice(i)) as unknown[])[0]);
    } else if (type === '2') {
      const [event, data] = JSON.parse(packet.slice(i)) as [string, unknown];
      this.received.set(event, (this.received.get(event) ?? 0) + 1);
      this.listener?.(event, data);
    }
  }
}

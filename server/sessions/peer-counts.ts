// Participants connected to the other processes serving the same sessions (each process reports
// its own counts, per session code): a session's total is this process's own plus these.
export class PeerCounts {
  /** Per process id, participants per session code. */
  private readonly byPeer = new Map<string, Record<string, number>>();

  /** Replaces what `peer` reported (`counts` empty: it left). Returns the session codes whose total may have changed. */
  report(peer: string, counts: Record<string, number>): string[] {
    const before = this.byPeer.get(peer) ?? {};
    if (Object.keys(counts).length) this.byPeer.set(peer, counts);
    else this.byPeer.delete(peer);
    return [...new Set([...Object.keys(before), ...Object.keys(counts)])];
  }

  /** Participants of a session connected to the other processes. */
  total(code: string): number {
    let total = 0;
    for (const counts of this.byPeer.values()) total += counts[code] ?? 0;
    return total;
  }
}

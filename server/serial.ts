// Runs async work one at a time per key, in the order it was asked for. A participant's changes
// are decided against the state their previous change left (stored and applied), so that two
// messages sent at once can neither both pass a check meant for one (a text allowance) nor count
// a change twice; different keys run side by side, so a room voting at once still shares commits.
export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key);
    // The usual case (nothing queued for the key) starts at once, with no extra turn. Work queued
    // behind a failure runs all the same (`then(work, work)`): the tail may reject.
    const result = before ? before.then(work, work) : work();
    this.tails.set(key, result);
    // Also handles the rejection here; the caller gets it from `result`. (Inline arrows: every vote
    // comes this way, and a named one costs a defineProperty per call under tsx's keepNames.)
    void result.then(
      () => this.settled(key, result),
      () => this.settled(key, result),
    );
    return result;
  }

  private settled(key: string, result: Promise<unknown>): void {
    if (this.tails.get(key) === result) this.tails.delete(key);
  }

  /** Keys with work queued or running (memory follows the active ones only). */
  get size(): number {
    return this.tails.size;
  }

  /** Whether work for a key starting with `prefix` is queued or running. */
  has(prefix: string): boolean {
    for (const key of this.tails.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }
}

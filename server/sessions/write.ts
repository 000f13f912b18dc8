// The store's write for each kind of change: the one place that knows which store method a
// `Change` goes to (Commits stores every change this way before applying it).
import type { Change } from '../cluster/peers.js';
import type { Store } from '../store/store.js';

export function writeChange(store: Store, change: Change): Promise<void> {
  switch (change.kind) {
    case 'vote':
      return store.saveVote(change.vote);
    case 'entry':
      return store.saveEntry(change.entry);
    case 'upvote':
      return store.saveUpvote(change.upvote, change.up);
    case 'poll':
    case 'view':
      return store.savePoll(change.poll);
    case 'slide':
      return store.saveSlide(change.code, change.slide, change.visited);
    case 'discussion':
      return store.saveDiscussion(change.code, change.timer);
    case 'ended':
      return store.endSession(change.code, change.endedAt);
    case 'deleted':
      return store.deleteSession(change.code);
  }
}

// Does what update.ts asks (commands.ts): the requests to the server, whose answers come back as
// actions; the live region; the address bar; the accent; the countdown; focus; the closing grace.
import type { ProtocolError } from '../server/protocol.js';
import { applyAccent } from './accent.js';
import type { Action, Dispatch } from './actions.js';
import type { Command } from './commands.js';
import type { Connection, Reply } from './connection.js';
import { keepMine } from './mine-store.js';
import { followTimer } from './timer.js';
import { say } from './words.js';

/** How long the restart banner may stay while the connection lasts (a server that did not stop after all). */
const CLOSING_GRACE_MS = 30_000;

/** The action for a reply: acknowledged, refused, or unanswered. */
function answered<T>(reply: Reply<T>, ok: (data: T) => Action, refused: (error: ProtocolError) => Action, unanswered: () => Action): Action {
  return reply === null ? unanswered() : reply.ok ? ok(reply.data) : refused(reply.error);
}

export type Run = (command: Command) => void;

export function effects(connection: Connection, dispatch: Dispatch, announcer: HTMLElement): Run {
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  let closingTimer: ReturnType<typeof setTimeout> | undefined;

  const announce = (text: string): void => {
    // Clear first so that the same sentence is announced again.
    announcer.textContent = '';
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      announcer.textContent = text;
    }, 60);
  };

  return (c) => {
    switch (c.type) {
      case 'join': {
        const ticket = { seq: c.seq, conn: c.conn, code: c.code };
        void connection.join(c.code, c.watching).then((r) =>
          dispatch(
            answered(
              r,
              (data) => ({ type: 'joined', data, ...ticket }),
              (error) => ({ type: 'joinRefused', error, ...ticket }),
              () => ({ type: 'joinUnanswered', ...ticket }),
            ),
          ),
        );
        return;
      }
      case 'vote': {
        const { vote, conn } = c;
        void connection.vote(vote.pollId, [...vote.optionIds]).then((r) =>
          dispatch(
            answered(
              r,
              (answer) => ({ type: 'voteAcknowledged', vote, answer }),
              (error) => ({ type: 'voteRefused', vote, conn, error }),
              () => ({ type: 'voteUnanswered', vote, conn }),
            ),
          ),
        );
        return;
      }
      case 'submitText': {
        const { send, conn } = c;
        void connection.submit(send.pollId, send.text).then((r) =>
          dispatch(
            answered(
              r,
              (answer) => ({ type: 'textAcknowledged', send, answer }),
              (error) => ({ type: 'textRefused', send, conn, error }),
              () => ({ type: 'textUnanswered', send, conn }),
            ),
          ),
        );
        return;
      }
      case 'upvote': {
        const ticket = { pollId: c.pollId, round: c.round, entryId: c.entryId, up: c.up };
        void connection.upvote(c.pollId, c.entryId, c.up).then((r) =>
          dispatch(
            answered(
              r,
              (answer) => ({ type: 'upvoteAcknowledged', answer, ...ticket }),
              (error) => ({ type: 'upvoteRefused', error, ...ticket }),
              () => ({ type: 'upvoteUnanswered', ...ticket }),
            ),
          ),
        );
        return;
      }
      case 'sendRole': {
        const { send, conn } = c;
        void connection.role(send.role).then((r) =>
          dispatch(
            answered(
              r,
              () => ({ type: 'roleAcknowledged', send }),
              (error) => ({ type: 'roleRefused', send, conn, error }),
              () => ({ type: 'roleUnanswered', send, conn }),
            ),
          ),
        );
        return;
      }
      case 'askMine':
        void connection.mine().then((r) => dispatch(r?.ok ? { type: 'mineReceived', mine: r.data } : { type: 'mineUnavailable' }));
        return;
      case 'keepMine':
        keepMine(c.mine);
        // And the page itself, to open with no network (where the browser allows it).
        void import('./offline.js').then(
          (m) => m.keepPageOffline(),
          () => {},
        );
        return;
      case 'downloadReminder':
        // My session's module (on screen, so loaded) makes it.
        void import('./screens/my-session.js').then((m) => m.downloadReminder(c.mine, c.date));
        return;
      case 'print':
        window.print();
        return;
      case 'announce': {
        const words = c.parts.map((p) => (typeof p === 'string' ? p : say(p)));
        if (c.unmarked && words[0] !== undefined) words[0] = words[0].replace(/^✓ /, '');
        announce(words.join(''));
        return;
      }
      case 'replaceUrl':
        if (location.pathname !== c.path) history.replaceState(null, '', c.keepQuery ? `${c.path}${location.search}` : c.path);
        return;
      case 'applyAccent':
        applyAccent(c.accent);
        return;
      case 'followTimer':
        followTimer(c.poll, c.discussion, announce);
        return;
      case 'focus':
        // Commands run before the screen is drawn: focus once it is (later in this same task).
        queueMicrotask(() => document.getElementById(c.id)?.focus({ preventScroll: true }));
        return;
      case 'startClosingGrace':
        clearTimeout(closingTimer);
        closingTimer = setTimeout(() => dispatch({ type: 'closingGraceOver' }), CLOSING_GRACE_MS);
        return;
      case 'cancelClosingGrace':
        clearTimeout(closingTimer);
        return;
    }
  };
}

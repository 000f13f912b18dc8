// A poll on screen: where the presenter is, the countdown, and the body of the poll's type.
import type { AudienceState } from '../../server/protocol.js';
import type { Dispatch } from '../actions.js';
import { h } from '../dom.js';
import type { PairPollModel, PollModel, RankPollModel, TextPollModel } from '../model.js';
import { namedDiscussionView, timerView } from '../timer.js';
import { choiceBody } from './choice.js';
import { earlierAnswer, questionHeading, slideContext, topBar } from './parts.js';

type Body<M extends PollModel> = (model: M, dispatch: Dispatch) => (Node | null)[];

/**
 * The bodies of the forms other than `choice`: their modules are loaded when such a poll is first
 * on screen (render.ts), so they stay out of the phone's first load. Absent until loaded.
 */
export interface Bodies {
  pair?: Body<PairPollModel> | undefined;
  order?: Body<RankPollModel> | undefined;
  typed?: Body<TextPollModel> | undefined;
}

/** The body for how the participant answers: tap options, pick one for each of two questions, put them in order, or type. */
function pollBody(model: PollModel, dispatch: Dispatch, bodies: Bodies): (Node | null)[] {
  // Until its module is there (a moment): the question alone.
  const wait = [questionHeading(model.poll.question)];
  switch (model.form) {
    case 'choice':
      return choiceBody(model, dispatch);
    case 'pair':
      return bodies.pair?.(model, dispatch) ?? wait;
    case 'order':
      return bodies.order?.(model, dispatch) ?? wait;
    case 'typed':
      return bodies.typed?.(model, dispatch) ?? wait;
  }
}

export function pollScreen(state: AudienceState, model: PollModel, dispatch: Dispatch, bodies: Bodies): HTMLElement {
  const { poll } = model;
  return h(
    'section',
    { class: 'screen' },
    topBar(state),
    h(
      'div',
      { class: 'poll', 'data-poll': poll.id, 'data-type': poll.type },
      slideContext(state.slide),
      timerView(poll),
      namedDiscussionView(),
      earlierAnswer(model, dispatch, true),
      ...pollBody(model, dispatch, bodies),
      earlierAnswer(model, dispatch, false),
    ),
  );
}

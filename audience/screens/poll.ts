// A poll on screen: where the presenter is, the countdown, and the body of the poll's type.
import type { AudienceState } from '../../server/protocol.js';
import type { Dispatch } from '../actions.js';
import { h } from '../dom.js';
import type { PollModel } from '../model.js';
import { timerView } from '../timer.js';
import { choiceBody } from './choice.js';
import { earlierAnswer, slideContext, topBar } from './parts.js';
import { rankBody } from './rank.js';
import { textBody } from './text.js';

/** The body for how the participant answers: tap options, put them in order, or type. */
function pollBody(model: PollModel, dispatch: Dispatch): (Node | null)[] {
  switch (model.form) {
    case 'choice':
      return choiceBody(model, dispatch);
    case 'order':
      return rankBody(model, dispatch);
    case 'typed':
      return textBody(model, dispatch);
  }
}

export function pollScreen(state: AudienceState, model: PollModel, dispatch: Dispatch): HTMLElement {
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
      earlierAnswer(model, dispatch, true),
      ...pollBody(model, dispatch),
      earlierAnswer(model, dispatch, false),
    ),
  );
}

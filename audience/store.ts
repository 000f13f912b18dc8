// The loop of model/update/view: dispatch(action) gives the next state (update), does what it
// asks (run), then draws it (render). An action dispatched meanwhile (a command may cause one at
// once, e.g. a socket event) waits its turn, so each step starts from the state the last one left.
export interface Step<S, C> {
  state: S;
  commands: readonly C[];
  redraw: boolean;
}

export interface Store<A, S, C> {
  dispatch(action: A): void;
  /**
   * Gives the store what does the commands and what draws, which need dispatch themselves; actions
   * dispatched before wait for it.
   */
  attach(run: (command: C) => void, render: (state: S, redraw: boolean) => void): void;
}

export function createStore<S, A, C>(initial: S, update: (state: S, action: A) => Step<S, C>): Store<A, S, C> {
  let state = initial;
  const queue: A[] = [];
  let busy = true; // until attached
  let run: (command: C) => void = () => {};
  let render: (state: S, redraw: boolean) => void = () => {};

  const drain = (): void => {
    busy = true;
    try {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const step = update(state, next);
        state = step.state;
        // Before drawing: the countdown the screen shows is started by a command.
        for (const command of step.commands) run(command);
        render(state, step.redraw);
      }
    } finally {
      busy = false;
    }
  };

  return {
    dispatch(action) {
      queue.push(action);
      if (!busy) drain();
    },
    attach(runCommand, draw) {
      run = runCommand;
      render = draw;
      drain();
    },
  };
}

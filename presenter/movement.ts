// The movement view (M, issue 19 part 2): how the room moved between the last two rounds of a poll
// voted on again. For single-choice and yes/no polls a flow between two columns of options — the
// last earlier round on the left, the current one on the right — with a band from each option to
// each option, as wide as the number of people who went that way, the number written on it;
// staying put is drawn pale, changing solid. Other kinds have no flows: their movement view is the
// rounds side by side (round-bars.ts). Plain SVG, built here: no library, nothing fetched.
//
// State and transitions: whether the view is shown (`MovementView`), `toggleMovement` (M), and
// `movementAfter` (a new tally: a blind one or one with a single round closes the view).
import type { Poll } from '../server/deck/types.js';
import type { Tally } from '../server/protocol.js';
import { h } from './dom.js';
import { changedLine, hasRounds, roundBars } from './round-bars.js';

export type MovementView = 'off' | 'on';

/** Why M did nothing: the projector is blind (press R first), or the poll has one round only. */
export type MovementRefusal = 'blind' | 'one-round';

/** M: shows or hides the movement view — refused while the results are hidden or with a single round. */
export function toggleMovement(view: MovementView, tally: Tally): { view: MovementView } | { refused: MovementRefusal } {
  if (view === 'on') return { view: 'off' };
  if (tally.blind) return { refused: 'blind' };
  if (!hasRounds(tally)) return { refused: 'one-round' };
  return { view: 'on' };
}

/** A new tally: the view stays only while there is something to show (not blind, two rounds or more). */
export function movementAfter(view: MovementView, tally: Tally): MovementView {
  return view === 'on' && hasRounds(tally) ? 'on' : 'off';
}

/** What M says when it is refused. */
export function refusalText(refusal: MovementRefusal): string {
  return refusal === 'blind'
    ? 'The results are hidden here until you reveal them: press R first.'
    : 'M shows how the room moved between rounds: vote again first (V).';
}

// ---- the flow's geometry (pure; unit-tested) ----

export interface FlowNode {
  id: string;
  /** People who answered both rounds and chose this option in this round. */
  count: number;
  y: number;
  height: number;
}

export interface FlowBand {
  from: string;
  to: string;
  count: number;
  /** Where the band leaves the left node and reaches the right one (top edges), and its width. */
  y0: number;
  y1: number;
  width: number;
}

export interface FlowLayout {
  left: FlowNode[];
  right: FlowNode[];
  bands: FlowBand[];
  height: number;
}

/** Vertical space between two nodes of a column, and the least height of an option nobody chose. */
const GAP = 28;
const EMPTY_NODE = 3;

/**
 * Lays out `flows` (from → to → count) over `height` pixels: each column's nodes top to bottom in
 * the poll's order, as tall as their count; each band leaves its left node in the order of the
 * right nodes and reaches its right node in the order of the left ones, so that bands do not cross
 * more than they must.
 */
export function flowLayout(optionIds: string[], flows: Record<string, Record<string, number>>, height: number): FlowLayout {
  const flow = (from: string, to: string): number => flows[from]?.[to] ?? 0;
  const total = optionIds.reduce((sum, from) => sum + optionIds.reduce((s, to) => s + flow(from, to), 0), 0);
  const free = height - GAP * (optionIds.length - 1) - EMPTY_NODE * optionIds.length;
  const unit = total ? Math.max(0, free) / total : 0;
  const column = (countOf: (id: string) => number): FlowNode[] => {
    let y = 0;
    return optionIds.map((id) => {
      const count = countOf(id);
      const node = { id, count, y, height: count * unit + EMPTY_NODE };
      y += node.height + GAP;
      return node;
    });
  };
  const left = column((from) => optionIds.reduce((s, to) => s + flow(from, to), 0));
  const right = column((to) => optionIds.reduce((s, from) => s + flow(from, to), 0));
  const leftAt = new Map(left.map((n) => [n.id, n.y + EMPTY_NODE / 2]));
  const rightAt = new Map(right.map((n) => [n.id, n.y + EMPTY_NODE / 2]));
  const bands: FlowBand[] = [];
  for (const from of optionIds) {
    for (const to of optionIds) {
      const count = flow(from, to);
      if (!count) continue;
      const width = count * unit;
      bands.push({ from, to, count, y0: leftAt.get(from)!, y1: rightAt.get(to)!, width });
      leftAt.set(from, leftAt.get(from)! + width);
      rightAt.set(to, rightAt.get(to)! + width);
    }
  }
  return { left, right, bands, height: Math.max(height, (right.at(-1)?.y ?? 0) + (right.at(-1)?.height ?? 0)) };
}

// ---- the view ----

const SVG = 'http://www.w3.org/2000/svg';
/** The flow's drawing, in CSS pixels (the labels are HTML beside it): its size on the 1280×720 slide. */
export interface FlowSize {
  width: number;
  height: number;
}
const PROJECTOR: FlowSize = { width: 440, height: 270 };
const NODE = 16;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  el.append(...children);
  return el;
}

/** A band: a ribbon from the left nodes (y0) to the right ones (y1), `band.width` thick, curving halfway. */
function ribbon(band: FlowBand, width: number): string {
  const [x0, x1, mid] = [NODE, width - NODE, width / 2];
  const [a, b] = [band.y0, band.y1];
  const [c, d] = [band.y0 + band.width, band.y1 + band.width];
  return `M${x0},${a} C${mid},${a} ${mid},${b} ${x1},${b} L${x1},${d} C${mid},${d} ${mid},${c} ${x0},${c} Z`;
}

/** The point of a band's centre line at `t` (0 left, 1 right), where its number is written. */
function along(band: FlowBand, t: number, width: number): [number, number] {
  const [x0, x1, mid] = [NODE, width - NODE, width / 2];
  const [y0, y1] = [band.y0 + band.width / 2, band.y1 + band.width / 2];
  const u = 1 - t;
  const x = u * u * u * x0 + 3 * u * u * t * mid + 3 * u * t * t * mid + t * t * t * x1;
  const y = u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1;
  return [x, y];
}

/** One column's option labels, each beside its node, with the node's count. */
function labels(poll: Poll, nodes: FlowNode[], side: 'left' | 'right'): HTMLElement {
  return h(
    'div',
    { class: `flow-labels flow-${side}` },
    ...nodes.map((node) => {
      const label = h(
        'span',
        { class: 'flow-label', 'data-testid': `flow-${side}-${poll.id}-${node.id}`, 'data-count': node.count },
        h('span', { class: 'flow-option' }, poll.options.find((o) => o.id === node.id)?.label ?? node.id),
        h('span', { class: 'flow-count' }, String(node.count)),
      );
      label.style.top = `${node.y + node.height / 2}px`;
      return label;
    }),
  );
}

/** The flow of a single-choice or yes/no poll between its last two rounds. */
function flowView(poll: Poll, tally: Tally, flows: Record<string, Record<string, number>>, size: FlowSize): HTMLElement {
  const ids = poll.options.map((o) => o.id);
  const layout = flowLayout(ids, flows, size.height);
  const WIDTH = size.width;
  const rounds = (tally.earlier?.rounds.length ?? 0) + 1;
  // Each band's number where bands rarely cross: near the left for a move, near the right for a stay.
  const band = (b: FlowBand, path: boolean): SVGGElement => {
    const [x, y] = along(b, b.from === b.to ? 0.75 : 0.22, WIDTH);
    const attrs = {
      class: `flow-band ${b.from === b.to ? 'flow-stayed' : 'flow-moved'}`,
      'data-from': b.from,
      'data-to': b.to,
      'data-count': b.count,
    };
    return path
      ? svg('g', { ...attrs, 'data-testid': `flow-${poll.id}-${b.from}-${b.to}` }, svg('path', { d: ribbon(b, WIDTH) }))
      : svg(
          'g',
          { class: 'flow-numbers', 'data-testid': `flow-number-${poll.id}-${b.from}-${b.to}` },
          svg('text', { x, y, 'text-anchor': 'middle', 'dominant-baseline': 'central', class: 'flow-number' }, String(b.count)),
        );
  };
  // The stayed bands under the moved ones, every number over every band.
  const stayed = layout.bands.filter((b) => b.from === b.to);
  const moved = layout.bands.filter((b) => b.from !== b.to);
  const bands = [...stayed.map((b) => band(b, true)), ...moved.map((b) => band(b, true)), ...layout.bands.map((b) => band(b, false))];
  const nodes = (column: FlowNode[], x: number) => column.map((n) => svg('rect', { class: 'flow-node', x, y: n.y, width: NODE, height: n.height }));
  const drawing = svg(
    'svg',
    {
      class: 'flow-svg',
      width: WIDTH,
      height: layout.height,
      viewBox: `0 0 ${WIDTH} ${layout.height}`,
      role: 'img',
      'aria-label': `How the ${tally.earlier?.answeredBoth ?? 0} who answered both rounds moved`,
    },
    ...nodes(layout.left, 0),
    ...nodes(layout.right, WIDTH - NODE),
    ...bands,
  );
  const area = h('div', { class: 'flow-area' }, labels(poll, layout.left, 'left'), drawing, labels(poll, layout.right, 'right'));
  area.style.height = `${layout.height}px`;
  const heads = h('p', { class: 'flow-heads' }, h('span', {}, `Round ${rounds - 1}`), h('span', {}, `Round ${rounds}`));
  // Set through the CSSOM: the page's Content-Security-Policy refuses style attributes.
  for (const row of [area, heads]) row.style.gridTemplateColumns = `minmax(0, 1fr) ${WIDTH}px minmax(0, 1fr)`;
  return h(
    'div',
    { class: 'movement movement-flow', 'data-testid': `movement-${poll.id}` },
    heads,
    area,
    h('p', { class: 'rounds-changed', 'data-testid': `movement-changed-${poll.id}` }, changedLine(tally)),
  );
}

/** The movement view of `poll` for `tally`: the flow where there are flows, else the rounds side by side. */
export function movementView(poll: Poll, tally: Tally, size: FlowSize = PROJECTOR): HTMLElement | null {
  const flows = tally.earlier?.flows;
  if (flows && hasRounds(tally)) return flowView(poll, tally, flows, size);
  const rounds = roundBars(poll, tally);
  return rounds && h('div', { class: 'movement movement-rounds', 'data-testid': `movement-${poll.id}` }, rounds);
}

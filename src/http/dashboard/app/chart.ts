/**
 * A stacked bar chart in hand-written SVG: one bar per day, one colour per series, a legend, and each
 * bar's numbers in its tooltip. Small on purpose: no chart library is shipped.
 */

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 10, right: 8, bottom: 24, left: 36 };
/** The series' colours, in order (a series past the last one reuses them). */
const COLOURS = [
  '#2f6fde',
  '#f08c2e',
  '#2fa86a',
  '#c94f7c',
  '#7b61c9',
  '#8a8f98',
  '#1fb5c4',
  '#c9a227',
  '#8c4a2f',
  '#4a5d8c',
];

/** One day of the chart: its label and a count per series. */
export interface ChartDay {
  readonly day: string;
  readonly counts: Readonly<Record<string, number>>;
}

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** The chart of `days` over `series` (in the order given), titled for screen readers by `label`. */
export function stackedBars(label: string, series: readonly string[], days: readonly ChartDay[]): Element {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label });
  const max = Math.max(1, ...days.map((d) => series.reduce((sum, s) => sum + (d.counts[s] ?? 0), 0)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, days.length);
  const barW = Math.max(2, step * 0.7);
  const y = (value: number) => PAD.top + plotH - (value / max) * plotH;
  for (const tick of [0, Math.round(max / 2), max]) {
    root.append(
      svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(tick), y2: y(tick), class: 'grid' }),
      svg('text', { x: PAD.left - 4, y: y(tick) + 4, 'text-anchor': 'end', class: 'axis' }, String(tick)),
    );
  }
  days.forEach((d, i) => {
    const x = PAD.left + i * step + (step - barW) / 2;
    let base = 0;
    const group = svg('g', {});
    const parts: string[] = [];
    series.forEach((name, s) => {
      const count = d.counts[name] ?? 0;
      if (count === 0) return;
      parts.push(`${name}: ${count}`);
      group.append(
        svg('rect', {
          x,
          y: y(base + count),
          width: barW,
          height: Math.max(0.5, y(base) - y(base + count)),
          fill: COLOURS[s % COLOURS.length] ?? '#888',
        }),
      );
      base += count;
    });
    group.append(svg('title', {}, `${d.day}\n${parts.join('\n') || 'no orders'}`));
    root.append(group);
    // A label every few bars, so they never overlap.
    if (i % Math.max(1, Math.ceil(days.length / 8)) === 0) {
      root.append(
        svg(
          'text',
          { x: x + barW / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'axis' },
          d.day.slice(5),
        ),
      );
    }
  });
  const legend = document.createElement('figcaption');
  series.forEach((name, s) => {
    const key = document.createElement('span');
    key.className = 'key';
    key.style.setProperty('--key', COLOURS[s % COLOURS.length] ?? '#888');
    key.textContent = name;
    legend.append(key);
  });
  figure.append(root, legend);
  return figure;
}

// Hand-drawn SVG charts: bars (stacked or grouped), lines and a donut. Colours come from CSS
// classes (`s1`…`s6`), so light and dark themes need no redraw. Charts redraw on resize.
import { fill, h, svg } from './dom.js';

const HEIGHT = 220;
const MARGIN = { top: 10, right: 8, bottom: 26, left: 52 };
const TICKS = 4;

/** A series' colour class: its own `tone` (`s1`…`s6`) or the next in the palette. */
const tone = (entry, index) => entry.tone ?? `s${(index % 6) + 1}`;

/** The smallest 1/2/2.5/5 × 10ⁿ at or above `value`. */
function niceStep(value) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const fraction = value / magnitude;
  return ([1, 2, 2.5, 5, 10].find((candidate) => fraction <= candidate) ?? 10) * magnitude;
}

/** An axis top whose every tick (a quarter of it) is a round number. */
export function niceMax(value) {
  if (!(value > 0)) return TICKS;
  return niceStep(value / TICKS) * TICKS;
}

const observers = new WeakMap();

/** Redraw `draw(width)` whenever the container's width changes. */
function responsive(container, draw) {
  let lastWidth = -1;
  const render = () => {
    const width = Math.max(240, Math.floor(container.clientWidth));
    if (width === lastWidth) return;
    lastWidth = width;
    fill(container, draw(width));
  };
  render();
  observers.get(container)?.disconnect();
  const observer = new ResizeObserver(render);
  observer.observe(container);
  observers.set(container, observer);
}

function frame(width, max, format) {
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value) => MARGIN.top + plotHeight - (value / max) * plotHeight;
  const axis = [];
  for (let tick = 0; tick <= TICKS; tick++) {
    const value = (max / TICKS) * tick;
    axis.push(svg('line', { class: 'gridline', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(value), y2: y(value) }));
    axis.push(svg('text', { x: MARGIN.left - 8, y: y(value) + 4, 'text-anchor': 'end' }, document.createTextNode(format(value))));
  }
  return { y, axis, plotHeight };
}

function xLabels(labels, slot, width, labelFormat) {
  const every = Math.max(1, Math.ceil(labels.length / Math.max(1, (width - MARGIN.left) / 64)));
  return labels.map((label, index) =>
    index % every === 0
      ? svg('text', { x: slot(index), y: HEIGHT - 6, 'text-anchor': 'middle' }, document.createTextNode(labelFormat(label)))
      : null,
  );
}

function tooltip(label, series, index, format) {
  const lines = series.map((entry) => `${entry.name}: ${format(entry.values[index] ?? 0)}`);
  return svg('title', {}, document.createTextNode([label, ...lines].join('\n')));
}

export function legend(series) {
  return h(
    'div',
    { class: 'legend' },
    series.map((entry, index) => h('span', {}, h('span', { class: `swatch ${tone(entry, index)}` }), entry.name)),
  );
}

/**
 * Bars per label; `stacked` piles the series, otherwise they stand side by side.
 * options: { labels, series: [{ name, values, tone? }], stacked, format, labelFormat }
 */
export function barChart(container, { labels, series, stacked = true, format = String, labelFormat = String }) {
  responsive(container, (width) => {
    const totals = labels.map((_, index) =>
      stacked
        ? series.reduce((sum, entry) => sum + (entry.values[index] ?? 0), 0)
        : Math.max(...series.map((entry) => entry.values[index] ?? 0)),
    );
    const max = niceMax(Math.max(0, ...totals));
    const { y, axis } = frame(width, max, format);
    const band = (width - MARGIN.left - MARGIN.right) / Math.max(1, labels.length);
    const barWidth = Math.max(2, Math.min(36, band * 0.68));
    const slot = (index) => MARGIN.left + band * index + band / 2;
    const groups = labels.map((label, index) => {
      const bars = [];
      let base = 0;
      series.forEach((entry, seriesIndex) => {
        const value = entry.values[index] ?? 0;
        if (value <= 0) return;
        const width = stacked ? barWidth : barWidth / series.length;
        const x = stacked ? slot(index) - barWidth / 2 : slot(index) - barWidth / 2 + width * seriesIndex;
        const top = y(stacked ? base + value : value);
        const bottom = y(stacked ? base : 0);
        bars.push(svg('rect', { class: `bar ${tone(entry, seriesIndex)}`, x, y: top, width, height: Math.max(1, bottom - top), rx: 2 }));
        if (stacked) base += value;
      });
      const hit = svg('rect', {
        class: 'hit',
        x: slot(index) - band / 2,
        y: MARGIN.top,
        width: band,
        height: HEIGHT - MARGIN.top - MARGIN.bottom,
      });
      return svg('g', { 'data-label': label }, tooltip(label, series, index, format), hit, ...bars);
    });
    return svg(
      'svg',
      { width, height: HEIGHT, role: 'img', 'aria-label': series.map((entry) => entry.name).join(', ') },
      ...axis,
      ...groups,
      ...xLabels(labels, slot, width, labelFormat),
    );
  });
}

/** Lines per series over the labels; `null` values leave a gap. */
export function lineChart(container, { labels, series, format = String, labelFormat = String }) {
  responsive(container, (width) => {
    const values = series.flatMap((entry) => entry.values.filter((value) => value !== null && value !== undefined));
    const max = niceMax(Math.max(0, ...values));
    const { y, axis } = frame(width, max, format);
    const step = (width - MARGIN.left - MARGIN.right) / Math.max(1, labels.length - 1);
    const slot = (index) => (labels.length === 1 ? (MARGIN.left + width - MARGIN.right) / 2 : MARGIN.left + step * index);
    const drawn = series.map((entry, seriesIndex) => {
      const colour = tone(entry, seriesIndex);
      const segments = [];
      let current = [];
      entry.values.forEach((value, index) => {
        if (value === null || value === undefined) {
          if (current.length) segments.push(current);
          current = [];
        } else current.push([slot(index), y(value)]);
      });
      if (current.length) segments.push(current);
      return svg(
        'g',
        {},
        ...segments.map((points) => svg('polyline', { class: `line ${colour}`, points: points.map((point) => point.join(',')).join(' ') })),
        ...segments.flat().map(([x, top]) => svg('circle', { class: colour, cx: x, cy: top, r: 3 })),
      );
    });
    const hits = labels.map((label, index) => {
      const hit = svg('rect', {
        class: 'hit',
        x: slot(index) - step / 2,
        y: MARGIN.top,
        width: Math.max(step, 8),
        height: HEIGHT - MARGIN.top - MARGIN.bottom,
      });
      return svg('g', { 'data-label': label }, tooltip(label, series, index, format), hit);
    });
    return svg('svg', { width, height: HEIGHT, role: 'img' }, ...axis, ...hits, ...drawn, ...xLabels(labels, slot, width, labelFormat));
  });
}

/** A ring showing `fraction` (0–1) with a big label in the middle. */
export function donut(fraction, label, size = 128) {
  const radius = size / 2 - 10;
  const circumference = 2 * Math.PI * radius;
  const shown = Math.max(0, Math.min(1, fraction ?? 0));
  const centre = size / 2;
  return svg(
    'svg',
    { width: size, height: size, viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': label },
    svg('circle', { class: 'donut-track', cx: centre, cy: centre, r: radius, 'stroke-width': 12 }),
    shown > 0 &&
      svg('circle', {
        class: 'donut-value',
        cx: centre,
        cy: centre,
        r: radius,
        'stroke-width': 12,
        'stroke-dasharray': `${circumference * shown} ${circumference}`,
        transform: `rotate(-90 ${centre} ${centre})`,
      }),
    svg('text', { class: 'donut-label', x: centre, y: centre + 8, 'text-anchor': 'middle' }, document.createTextNode(label)),
  );
}

// The charts of the HTML report as inline SVG: a bar per outcome (the
// histogram) and a line of race rate against a swept value. Colours come
// from the page's CSS classes, so the charts follow light and dark mode.
import { html, type Html } from './escape.js';

export interface Bar {
  label: string;
  value: number;
  /** Shown at the bar's end, e.g. "12 (60.0%)". */
  note: string;
  tone: 'good' | 'bad' | 'neutral';
}

const ROW = 34;
const WIDTH = 760;
/** About 10 px a character at 18 px. */
const CHARACTER = 10;

/** Horizontal bars scaled to the largest value; the title names the chart for screen readers. */
export function barChart(title: string, bars: Bar[]): Html {
  const most = Math.max(1, ...bars.map((bar) => bar.value));
  // Room for the longest label (220 px at least, at most 360, longer ones shortened).
  const labelWidth = Math.max(220, Math.min(360, 20 + CHARACTER * Math.max(0, ...bars.map((bar) => bar.label.length))));
  const labelLength = Math.floor((labelWidth - 20) / CHARACTER);
  // Room for the longest note after the longest bar (about 10 px a character at 18 px).
  const noteWidth = Math.min(320, 20 + CHARACTER * Math.max(0, ...bars.map((bar) => bar.note.length)));
  const span = WIDTH - labelWidth - noteWidth;
  const height = bars.length * ROW + 8;
  const rows = bars.map((bar, index) => {
    const y = index * ROW + 4;
    const width = bar.value > 0 ? Math.max(2, Math.round((bar.value / most) * span)) : 0;
    return html`<g class="bar ${bar.tone}">
<text x="${labelWidth - 10}" y="${y + 21}" text-anchor="end">${shorten(bar.label, labelLength)}</text>
<rect x="${labelWidth}" y="${y + 4}" width="${width}" height="${ROW - 10}" rx="3"><title>${bar.label}: ${bar.note}</title></rect>
<text x="${labelWidth + width + 8}" y="${y + 21}">${bar.note}</text>
</g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${title}"><title>${title}</title>${rows}</svg>`;
}

export interface CurvePoint {
  x: string;
  /** A share from 0 to 1. */
  y: number;
}

/** Race rate (0–100%) at each swept value, the values evenly spaced in the order tried. */
export function curveChart(title: string, xLabel: string, points: CurvePoint[]): Html {
  const left = 70;
  const top = 20;
  const plotWidth = WIDTH - left - 30;
  const plotHeight = 260;
  const step = points.length > 1 ? plotWidth / (points.length - 1) : 0;
  const at = (index: number, y: number): [number, number] => [
    Math.round(left + (points.length > 1 ? index * step : plotWidth / 2)),
    Math.round(top + plotHeight * (1 - y)),
  ];
  const line = points.map((point, index) => at(index, point.y).join(',')).join(' ');
  const grid = [0, 0.25, 0.5, 0.75, 1].map((y) => {
    const [, gy] = at(0, y);
    return html`<line class="grid" x1="${left}" x2="${left + plotWidth}" y1="${gy}" y2="${gy}"/><text x="${left - 8}" y="${gy + 6}" text-anchor="end">${y * 100}%</text>`;
  });
  const dots = points.map((point, index) => {
    const [x, y] = at(index, point.y);
    return html`<circle class="dot" cx="${x}" cy="${y}" r="6"><title>${point.x}: ${(point.y * 100).toFixed(1)}%</title></circle>
<text x="${x}" y="${top + plotHeight + 26}" text-anchor="middle">${shorten(point.x, 10)}</text>`;
  });
  const height = top + plotHeight + 60;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${title}"><title>${title}</title>${grid}
<polyline class="curve" points="${line}"/>${dots}
<text x="${left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">${xLabel}</text></svg>`;
}

function shorten(text: string, length = 22): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

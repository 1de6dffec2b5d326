// The report's one stylesheet, inlined: large type for a projector, light
// and dark schemes from prefers-color-scheme, colours chosen for at least
// 4.5:1 contrast on their background, and print-friendly tables.
export const style = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1a1a1a; --muted: #555555; --line: #c8c8c8; --panel: #f3f3f3;
  --good: #1b6e20; --bad: #b00020; --neutral: #6a4c00; --accent: #0b57d0;
  --now: #fff1a8; --read: #d6e6ff; --lost: #ffd9dc; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #eeeeee; --muted: #b0b0b0; --line: #4a4a4a; --panel: #1e1e1e;
    --good: #81c784; --bad: #ff8a80; --neutral: #ffd54f; --accent: #8ab4f8;
    --now: #4a4000; --read: #16345c; --lost: #5c1a20; }
}
* { box-sizing: border-box; }
html { font-size: 20px; }
body { margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem; background: var(--bg); color: var(--fg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 2rem; margin: .5rem 0; } h2 { font-size: 1.6rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.25rem; }
.settings, .detail, .muted, figcaption, caption { color: var(--muted); }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.figures { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.figures > div { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1rem; min-width: 12rem; }
.figures dt { font-size: .9rem; color: var(--muted); } .figures dd { margin: 0; }
.big { font-size: 1.6rem; font-weight: 700; }
.good, .good .big { color: var(--good); } .bad, .bad .big { color: var(--bad); }
figure { margin: 1rem 0; } .chart { width: 100%; height: auto; max-width: 900px; display: block; }
.chart text { fill: var(--fg); font-size: 18px; }
.bar.good rect { fill: var(--good); } .bar.bad rect { fill: var(--bad); } .bar.neutral rect { fill: var(--neutral); }
.chart .grid { stroke: var(--line); } .chart .curve { fill: none; stroke: var(--accent); stroke-width: 4; }
.chart .dot { fill: var(--accent); }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .7rem; text-align: left; vertical-align: top; }
thead th { background: var(--panel); } .num { text-align: right; font-variant-numeric: tabular-nums; }
.runs > section + section { margin-top: 2rem; border-top: 1px solid var(--line); }
.lesson pre { background: var(--panel); padding: .75rem; overflow-x: auto; font-size: .9rem; }
.scroll { max-height: 26rem; overflow: auto; border: 1px solid var(--line); }
.scroll:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.trace td, .trace th { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .95rem; white-space: nowrap; }
.trace .loss { color: var(--bad); }
.trace tr.current { background: var(--now); outline: 2px solid var(--fg); }
.trace tr.stale-read { background: var(--read); } .trace tr.overwritten { background: var(--lost); }
.trace tr.future td, .trace tr.future th, .trace tr.future .loss { color: var(--muted); }
.controls[hidden] { display: none; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
button { font: inherit; padding: .3rem .9rem; border-radius: 6px; border: 2px solid var(--accent); background: var(--bg); color: var(--fg); cursor: pointer; }
.say { min-height: 1.5em; font-weight: 600; }
.environment { font-size: .9rem; color: var(--muted); }
.replay code { overflow-wrap: anywhere; font-size: .9rem; }
@media print { .controls, .say { display: none; } .scroll { max-height: none; overflow: visible; } }
`;

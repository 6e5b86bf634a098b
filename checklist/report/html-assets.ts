/** The inline CSS and JS of the HTML report: no network, light and dark, printable. */

/** Styles: colours per outcome as CSS variables, a dark palette under `prefers-color-scheme`, a print sheet. */
export const REPORT_CSS = `
:root { --bg:#fff; --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --card:#f6f8fa; --code:#eff2f5;
  --fail:#cf222e; --warn:#9a6700; --info:#0969da; --pass:#1a7f37; --skip:#6e7781;
  --fail-bg:#ffebe9; --warn-bg:#fff8c5; --info-bg:#ddf4ff; --pass-bg:#dafbe1; --skip-bg:#eaeef2; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --bg:#0d1117; --fg:#e6edf3; --muted:#8d96a0; --line:#30363d; --card:#161b22; --code:#1c2128;
  --fail:#ff7b72; --warn:#d29922; --info:#58a6ff; --pass:#3fb950; --skip:#8d96a0;
  --fail-bg:#3c1618; --warn-bg:#3a2a00; --info-bg:#0c2d4b; --pass-bg:#0f2e1a; --skip-bg:#21262d; } }
* { box-sizing: border-box; }
body { margin:0 auto; max-width:1200px; padding:1.5rem; background:var(--bg); color:var(--fg); font:15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size:1.5rem; margin:0 0 .25rem; } h1 .badge { font-size:1rem; vertical-align:middle; } h2 { font-size:1.15rem; margin:2rem 0 .5rem; border-bottom:1px solid var(--line); }
.meta { color:var(--muted); margin:0 0 1rem; } .meta b { color:var(--fg); }
.counts, .filters { display:flex; flex-wrap:wrap; gap:.5rem; margin:.5rem 0; }
.chip { border-radius:999px; padding:.15rem .7rem; font-weight:600; border:1px solid var(--line); }
.o-fail { --c:var(--fail); --cb:var(--fail-bg); } .o-warn { --c:var(--warn); --cb:var(--warn-bg); } .o-info { --c:var(--info); --cb:var(--info-bg); }
.o-pass { --c:var(--pass); --cb:var(--pass-bg); } .o-skip, .o-none { --c:var(--skip); --cb:var(--skip-bg); }
.chip, .badge, td.cell { color:var(--c); background:var(--cb); }
.badge { display:inline-block; min-width:3.2rem; text-align:center; border-radius:4px; font-size:.8rem; font-weight:700; padding:0 .3rem; }
table { border-collapse:collapse; margin:.5rem 0; } th, td { border:1px solid var(--line); padding:.25rem .5rem; text-align:left; vertical-align:top; }
td.cell { text-align:center; font-weight:600; } td.cell a { color:inherit; text-decoration:none; display:block; }
.item { border:1px solid var(--line); border-left:4px solid var(--c); border-radius:6px; margin:.5rem 0; background:var(--card); }
.item > summary { cursor:pointer; padding:.4rem .6rem; } .item > div { padding:0 .8rem .6rem; }
.item .sev { color:var(--muted); font-size:.85rem; }
pre { background:var(--code); padding:.5rem; border-radius:4px; white-space:pre-wrap; overflow-wrap:anywhere; font-size:.8rem; margin:.3rem 0; }
a { color:var(--info); }
.finding { margin:.6rem 0 0; } .finding + .finding { border-top:1px dashed var(--line); padding-top:.4rem; } .finding > p { margin:.3rem 0; }
.label { margin:.4rem 0 0; font-size:.75rem; font-weight:600; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
table.severity th:first-child { color:var(--muted); font-weight:600; } table.severity td { text-align:right; min-width:3.2rem; }
table.severity thead th.o-fail, table.severity thead th.o-warn, table.severity thead th.o-info, table.severity thead th.o-pass, table.severity thead th.o-skip { color:var(--c); }
table.severity td.zero { color:var(--muted); } table.severity td[class^="o-"] { color:var(--c); font-weight:600; }
table.severity td.o-fail, table.severity td.o-warn { background:var(--cb); }
td.cell.o-none { background:transparent; color:var(--muted); font-weight:400; }
.fix { border-left:3px solid var(--pass); padding-left:.5rem; } .muted { color:var(--muted); }
.tag { display:inline-block; border:1px solid var(--line); border-radius:4px; padding:0 .35rem; font-size:.75rem; font-weight:600; color:var(--muted); background:var(--bg); vertical-align:1px; }
.tag.expired, .baseline.expired .tag, .baseline-summary .expired { color:var(--fail); border-color:var(--fail); }
.baseline { margin:.2rem 0; font-size:.9rem; } .baseline.expired { color:var(--fail); }
label { cursor:pointer; user-select:none; }
[hidden] { display:none !important; }
@media print { body { max-width:none; padding:0; font-size:11px; } .filters { display:none; } .item { break-inside:avoid; }
  .item > summary { list-style:none; } a { color:inherit; text-decoration:none; } }
`

/** Behaviour: the outcome filter (checkboxes hide items and empty groups) and every item opened for print. */
export const REPORT_JS = `
(() => {
  const boxes = [...document.querySelectorAll('input[data-filter]')];
  const apply = () => {
    const shown = new Set(boxes.filter((b) => b.checked).map((b) => b.dataset.filter));
    for (const item of document.querySelectorAll('.item')) item.hidden = !shown.has(item.dataset.outcome);
    for (const group of document.querySelectorAll('section.group')) group.hidden = !group.querySelector('.item:not([hidden])');
  };
  for (const b of boxes) b.addEventListener('change', apply);
  apply();
  addEventListener('beforeprint', () => { for (const d of document.querySelectorAll('details')) d.open = true; });
  addEventListener('hashchange', () => { const el = document.getElementById(decodeURIComponent(location.hash.slice(1))); if (el && el.tagName === 'DETAILS') el.open = true; });
})();
`

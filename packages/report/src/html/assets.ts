/**
 * The report page's inline CSS and script (constants: no report data in here). The page's CSP
 * allows inline style and script only, so nothing may be loaded from elsewhere: no fonts, no
 * images other than data: URIs, no fetch.
 */

export const STYLE = `
:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--code:#eff2f5;--link:#0969da;
--critical:#a40e26;--high:#d1242f;--medium:#b35900;--low:#0969da;--info:#59636e;--pass:#1a7f37;--fail:#d1242f}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--code:#1f2630;
--link:#4493f8;--critical:#ff7b8a;--high:#f85149;--medium:#e3a33c;--low:#4493f8;--info:#9198a1;--pass:#3fb950;--fail:#f85149}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--link)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
header.top,main,footer{max-width:1200px;margin:0 auto;padding:0 20px}
header.top{padding-top:18px}
h1{font-size:22px;margin:0 0 6px}
h2{font-size:18px;margin:26px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:14px 0 6px}
.verdict{display:inline-block;font-weight:600;padding:4px 10px;border-radius:6px;color:#fff;margin:4px 0 10px}
.verdict.pass{background:var(--pass)}.verdict.fail{background:var(--fail)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;color:var(--muted)}
.meta dt{font-weight:600}.meta dd{margin:0;color:var(--fg);overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 16px}
.card{min-width:110px;padding:8px 12px;border:1px solid var(--line);border-left:6px solid var(--info);border-radius:6px;background:var(--panel);color:var(--fg);font:inherit;text-align:left;cursor:pointer}
.card .n{display:block;font-size:22px;font-weight:700}
.card.plain{cursor:default}
.sev-critical{--sev:var(--critical)}.sev-high{--sev:var(--high)}.sev-medium{--sev:var(--medium)}.sev-low{--sev:var(--low)}.sev-info{--sev:var(--info)}
.card[class*=sev-]{border-left-color:var(--sev)}
.tables{display:flex;flex-wrap:wrap;gap:24px}
table{border-collapse:collapse;margin:4px 0 10px}
caption{text-align:left;font-weight:600;padding-bottom:2px}
th,td{border-bottom:1px solid var(--line);padding:3px 8px 3px 0;text-align:left;vertical-align:top}
th{font-weight:600;color:var(--muted)}
td.num,th.num{text-align:right;padding-left:8px}
td.zero{color:var(--muted)}
.log td{overflow-wrap:anywhere;max-width:700px}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:8px 10px;margin:0 0 10px;background:var(--panel);border:1px solid var(--line);border-radius:6px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 10px}
.filters legend{float:left;font-weight:600;margin-right:6px}
.filters label{white-space:nowrap}
.filters input[type=search]{width:260px;max-width:100%;padding:3px 6px;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:4px}
.filters select,.filters button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:2px 6px}
.sevbox{border-bottom:3px solid var(--sev)}
#wt-count{font-weight:400;color:var(--muted);font-size:14px;margin-left:8px}
details.f{border:1px solid var(--line);border-left:5px solid var(--sev);border-radius:6px;margin:0 0 6px;background:var(--bg);content-visibility:auto;contain-intrinsic-size:auto 58px}
details.f>summary{cursor:pointer;padding:6px 10px;display:flex;flex-wrap:wrap;gap:2px 10px;align-items:baseline}
details.f>summary::before{content:"\\25B8";color:var(--muted);width:10px}
details.f[open]>summary::before{content:"\\25BE"}
.badge{display:inline-block;min-width:62px;text-align:center;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:1px 6px;border-radius:10px;color:#fff;background:var(--sev)}
.tag{display:inline-block;font-size:11px;padding:0 6px;border:1px solid var(--line);border-radius:10px;color:var(--muted)}
.tag.block{border-color:var(--fail);color:var(--fail)}
.rule{font-weight:600}
.path{overflow-wrap:anywhere}
.where{color:var(--muted)}
.title{flex-basis:100%;color:var(--muted)}
details.f.sup{opacity:.75}
.body{padding:2px 14px 10px 14px;border-top:1px solid var(--line)}
.body p{margin:6px 0}
.body dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:8px 0}
.body dt{color:var(--muted);font-weight:600}
.body dd{margin:0;overflow-wrap:anywhere}
pre.excerpt{margin:6px 0;padding:6px 8px;background:var(--code);border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}
.std a,.std span{margin-right:8px}
table.rules td{max-width:460px}
table.rules tr:target{background:var(--panel)}
details.log{border:1px solid var(--line);border-radius:6px;margin:0 0 8px;padding:4px 10px}
details.log>summary{cursor:pointer;font-weight:600}
.muted{color:var(--muted)}
footer{margin-top:30px;padding-bottom:30px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@media print{.filters{display:none}details.f{content-visibility:visible}}
`;

/**
 * Filtering and expand/collapse. Works on the server-rendered rows (data-sev, data-cat, data-sup,
 * data-q) by toggling `hidden`; builds no markup from report data.
 */
export const SCRIPT = `
(function () {
  "use strict";
  var list = document.getElementById("wt-list");
  if (!list) return;
  var rows = Array.prototype.slice.call(list.children).map(function (el) {
    return { el: el, sev: el.getAttribute("data-sev"), cat: el.getAttribute("data-cat"), sup: el.getAttribute("data-sup") === "1", q: el.getAttribute("data-q") || "" };
  });
  var sevBoxes = Array.prototype.slice.call(document.querySelectorAll("input[data-sev-filter]"));
  var cat = document.getElementById("wt-cat");
  var search = document.getElementById("wt-q");
  var sup = document.getElementById("wt-sup");
  var count = document.getElementById("wt-count");
  var empty = document.getElementById("wt-empty");

  function apply() {
    var on = {};
    sevBoxes.forEach(function (b) { on[b.value] = b.checked; });
    var c = cat ? cat.value : "";
    var terms = search ? search.value.toLowerCase().split(/\\s+/).filter(Boolean) : [];
    var showSup = sup ? sup.checked : true;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var visible = on[r.sev] !== false && (!c || r.cat === c) && (showSup || !r.sup);
      for (var t = 0; visible && t < terms.length; t++) if (r.q.indexOf(terms[t]) === -1) visible = false;
      if (r.el.hidden === visible) r.el.hidden = !visible;
      if (visible) shown++;
    }
    if (count) count.textContent = shown + " of " + rows.length + " shown";
    if (empty) empty.hidden = shown !== 0 || rows.length === 0;
  }

  var timer = 0;
  function later() { clearTimeout(timer); timer = setTimeout(apply, 120); }
  sevBoxes.forEach(function (b) { b.addEventListener("change", apply); });
  if (cat) cat.addEventListener("change", apply);
  if (sup) sup.addEventListener("change", apply);
  if (search) {
    search.addEventListener("input", later);
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { clearTimeout(timer); apply(); } });
  }

  // A severity card shows only that severity; clicking it again shows every severity.
  Array.prototype.slice.call(document.querySelectorAll("[data-only]")).forEach(function (card) {
    card.addEventListener("click", function () {
      var only = card.getAttribute("data-only");
      var alone = sevBoxes.every(function (b) { return b.checked === (b.value === only); });
      sevBoxes.forEach(function (b) { b.checked = alone ? true : b.value === only; });
      apply();
      var target = document.getElementById("findings");
      if (target && target.scrollIntoView) target.scrollIntoView();
    });
  });

  function openAll(open) {
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].el.hidden) continue;
      if (rows[i].el.open !== open) rows[i].el.open = open;
    }
  }
  var expand = document.getElementById("wt-expand");
  var collapse = document.getElementById("wt-collapse");
  if (expand) expand.addEventListener("click", function () { openAll(true); });
  if (collapse) collapse.addEventListener("click", function () { openAll(false); });

  document.documentElement.classList.add("js");
  apply();
})();
`;

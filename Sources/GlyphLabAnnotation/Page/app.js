// GlyphLab annotate: shows the query the pipeline waits on, takes the answer from the
// keyboard (or clicks), times it, and sends it with the session token. Nothing is fetched
// from anywhere but this server.
"use strict";
const params = new URLSearchParams(location.search);
const token = params.get("token") || sessionStorage.getItem("glyphlab-token") || "";
if (token) sessionStorage.setItem("glyphlab-token", token);
const $ = (id) => document.getElementById(id);
let state = null;
let shownAt = 0;
let firstInputAt = null;
let rejected = new Set();
let focusIndex = 0;
let busy = false;
let lastID = 0;

async function api(path, body) {
  const init = { headers: { "X-GlyphLab-Token": token } };
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let value = null;
  try { value = JSON.parse(text); } catch (e) { value = null; }
  if (!response.ok) {
    const message = value && value.error && value.error.message ? value.error.message : text;
    throw new Error(response.status + ": " + message);
  }
  return value;
}

function noteInput() { if (firstInputAt === null) firstInputAt = performance.now(); }

function render(next) {
  // The run's end is final: a slower response that left the server earlier does not undo it.
  if (state && (state.phase === "finished" || state.phase === "stopped")) return;
  const previousID = state && state.query ? state.query.id : null;
  state = next;
  const p = state.progress;
  const budget = p.budget_left === null || p.budget_left === undefined ? "no budget"
    : `${p.budget_used.toFixed(0)} s used, ${p.budget_left.toFixed(0)} s left`;
  const estimate = p.estimated_accuracy === null || p.estimated_accuracy === undefined ? "—"
    : (100 * p.estimated_accuracy).toFixed(1) + "%";
  $("progress").textContent =
    `${p.labels} of ${p.glyphs} glyphs labelled · ${budget} · model's estimate ${estimate} · ` +
    `round ${p.rounds} · ${p.actions} answers`;
  $("undo").disabled = !state.can_undo;
  const q = state.query;
  if (q) lastID = q.id;
  if (!q) {
    $("page-view").hidden = true;
    $("glyphs").replaceChildren();
    $("suggestion").textContent = "";
    $("candidates").replaceChildren();
    $("prompt").textContent = state.phase === "working" ? "The model is refitting…" : "";
    $("message").textContent = state.message || "";
    $("message").className = state.phase === "finished" ? "done" : "";
    return;
  }
  if (q.id === previousID) return;
  rejected = new Set();
  focusIndex = 0;
  $("message").textContent = "";
  $("label").value = "";
  const prompts = {
    type: "Type the character.",
    review: "Accept the suggestion (Enter) or correct it.",
    grid: "Mark the glyphs that do not belong (Space or click), then accept the label (Enter).",
  };
  $("prompt").textContent = `Query ${q.id} (round ${q.round}): ${prompts[q.kind]}`;
  const figures = q.glyphs.map((g, i) => {
    const figure = document.createElement("figure");
    figure.dataset.glyph = g;
    if (q.kind !== "grid") figure.className = "single";
    const img = document.createElement("img");
    img.src = `/glyph/${g}.png`;
    img.alt = `glyph ${g}`;
    figure.appendChild(img);
    if (q.kind === "grid") figure.addEventListener("click", () => { noteInput(); toggle(i); });
    return figure;
  });
  $("glyphs").replaceChildren(...figures);
  // Where the dataset's glyphs are its page boxes: the chosen glyph on its page, box outlined.
  $("page-view").hidden = !state.pages;
  if (state.pages) {
    $("page-image").src = `/page/${q.glyphs[0]}.png`;
    $("page-image").alt = `glyph ${q.glyphs[0]} on its page`;
  }
  $("suggestion").textContent = q.suggestion ? `Suggestion: ${q.suggestion.name}` : "";
  $("candidates").replaceChildren(...q.candidates.map((c) => {
    const li = document.createElement("li");
    li.textContent = c.name;
    return li;
  }));
  showFocus();
  $("label").focus();
  shownAt = performance.now();
  firstInputAt = null;
}

function toggle(i) {
  const g = state.query.glyphs[i];
  if (rejected.has(g)) rejected.delete(g); else rejected.add(g);
  showFocus();
}

function showFocus() {
  const q = state && state.query;
  [...$("glyphs").children].forEach((figure, i) => {
    const g = Number(figure.dataset.glyph);
    figure.classList.toggle("rejected", rejected.has(g));
    figure.classList.toggle("focus", q && q.kind === "grid" && i === focusIndex);
  });
}

async function submit(choice) {
  const q = state && state.query;
  if (!q || busy) return;
  const typed = (choice !== undefined ? choice : $("label").value).trim();
  let body = { query: q.id, label: typed || undefined };
  if (q.kind === "type") body.action = "type";
  else if (q.kind === "review") body.action = !typed || typed === q.suggestion.name ? "confirm" : "correct";
  else { body.action = "grid"; body.rejected = [...rejected]; }
  if (body.action === "confirm") body.label = undefined;
  const now = performance.now();
  body.timing = { shown: shownAt, first_input: firstInputAt === null ? now : firstInputAt, submitted: now };
  busy = true;
  try {
    render(await api("/api/answer", body));
  } catch (error) {
    $("message").textContent = error.message;
  } finally {
    busy = false;
  }
  if (state.phase === "working") poll();
}

async function undo() {
  const q = state && state.query;
  if (!q || !state.can_undo || busy) return;
  busy = true;
  try { render(await api("/api/undo", { query: q.id })); } catch (error) { $("message").textContent = error.message; }
  finally { busy = false; }
  if (state.phase === "working") poll();
}

let polling = false;

async function poll() {
  if (polling) return;
  polling = true;
  try { await pollLoop(); } finally { polling = false; }
}

async function pollLoop() {
  while (true) {
    const after = state && state.query ? state.query.id : lastID;
    try {
      render(await api(`/api/state?after=${after}`));
    } catch (error) {
      $("message").textContent = error.message;
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    if (state.phase !== "working") return;
  }
}
document.addEventListener("keydown", (event) => {
  if (!state || !state.query) return;
  noteInput();
  const q = state.query;
  const empty = $("label").value === "";
  if (event.key === "z" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); undo(); return; }
  if (event.key === "Enter") { event.preventDefault(); submit(); return; }
  if (empty && /^[1-9]$/.test(event.key)) {
    const c = q.candidates[Number(event.key) - 1];
    if (c) { event.preventDefault(); submit(c.name); }
    return;
  }
  if (q.kind === "grid" && empty) {
    const n = q.glyphs.length;
    const perRow = Math.max(1, Math.floor($("glyphs").clientWidth / 108));
    const moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: perRow, ArrowUp: -perRow };
    if (event.key in moves) {
      event.preventDefault();
      focusIndex = Math.min(n - 1, Math.max(0, focusIndex + moves[event.key]));
      showFocus();
    } else if (event.key === " ") {
      event.preventDefault();
      toggle(focusIndex);
    }
  }
});
$("entry").addEventListener("submit", (event) => { event.preventDefault(); submit(); });
$("undo").addEventListener("click", () => { noteInput(); undo(); });

(async () => {
  try {
    const classes = await api("/api/classes");
    $("classes").replaceChildren(...classes.map((name) => {
      const option = document.createElement("option");
      option.value = name;
      return option;
    }));
    render(await api("/api/state"));
    if (!state.query && state.phase === "working") poll();
  } catch (error) {
    $("message").textContent = error.message;
  }
})();

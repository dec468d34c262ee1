#!/usr/bin/env node
/**
 * Reads the `.cpuprofile` files `node --cpu-prof --cpu-prof-dir=DIR dist/src/cli.js scan ...` writes (one per
 * thread: the supervisor, the scan thread, each worker) and prints where the time went, as text.
 *
 *   node scripts/profile-summary.mjs self FILE...            self time per function, all files summed
 *   node scripts/profile-summary.mjs incl FILE...            inclusive time per function (recursion counted once)
 *   node scripts/profile-summary.mjs byfile FILE...          self time per source file (wasm and node:* lumped)
 *   node scripts/profile-summary.mjs timeline FILE...        per thread, busy / GC / idle seconds in 2-second steps (STEP=0.5 for others)
 *   node scripts/profile-summary.mjs span NAME FILE...       per thread, the first and last sample inside functions named NAME…
 *                                                            (seconds from the earliest profile's start: when a phase began and ended)
 *   node scripts/profile-summary.mjs children NAME FILE...   what the outermost calls of functions named NAME… spent, 2 levels down
 *   node scripts/profile-summary.mjs callers NAME FILE...    who called them (3 frames up), with their inclusive time
 *
 * NAME matches the start of "function file:line" (e.g. "runShard" or "detectEndpoint src/taint"). Samples are wall
 * time of the sampled thread: on a shared machine a thread that waits for a core is sampled too, so read shares,
 * not seconds. `(idle)` is left out of every total but the timeline's.
 */
import { readFileSync } from "node:fs";

const [mode, ...rest] = process.argv.slice(2);
const named = mode === "children" || mode === "callers" || mode === "span";
const prefix = named ? rest[0] : undefined;
const files = named ? rest.slice(1) : rest;
if (!mode || files.length === 0 || (named && !prefix)) {
  console.error("usage: profile-summary.mjs self|incl|byfile|timeline FILE... | children|callers|span NAME FILE...");
  process.exit(2);
}
const TOP = Number(process.env.TOP ?? 40);
const sec = (us) => (us / 1e6).toFixed(2).padStart(8);

function load(file) {
  const p = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // the delta after a sample is the time it stood for
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
  const total = new Map();
  const inclusive = (id) => {
    let t = total.get(id);
    if (t !== undefined) return t;
    t = self.get(id) ?? 0;
    for (const c of byId.get(id).children ?? []) t += inclusive(c);
    total.set(id, t);
    return t;
  };
  for (const n of p.nodes) inclusive(n.id);
  return { p, byId, parent, self, total };
}

function key(n) {
  const f = n.callFrame;
  return `${f.functionName || "(anonymous)"} ${f.url.replace(/.*\/(src|dist|node_modules)\//, "$1/")}:${f.lineNumber + 1}`;
}

function print(map) {
  for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${sec(t)}  ${k}`);
}

const add = (map, k, t) => map.set(k, (map.get(k) ?? 0) + t);
const profiles = files.map((f) => ({ file: f, ...load(f) }));

if (mode === "span") {
  const t0 = Math.min(...profiles.map(({ p }) => p.startTime));
  for (const { file, p, byId, parent } of profiles) {
    const inside = new Map();
    const within = (id) => {
      if (inside.has(id)) return inside.get(id);
      const up = parent.get(id);
      const r = key(byId.get(id)).startsWith(prefix) || (up !== undefined && within(up));
      inside.set(id, r);
      return r;
    };
    let t = p.startTime;
    let first;
    let last;
    for (let i = 0; i < p.samples.length; i++) {
      t += p.timeDeltas[i];
      if (!within(p.samples[i])) continue;
      first ??= t;
      last = t;
    }
    const at = (x) => (x === undefined ? "-" : ((x - t0) / 1e6).toFixed(2));
    console.log(`${file}: thread from ${at(p.startTime)} to ${at(p.endTime)} s; ${prefix}: first ${at(first)} s, last ${at(last)} s`);
  }
} else if (mode === "timeline") {
  const t0 = Math.min(...profiles.map(({ p }) => p.startTime));
  const width = Number(process.env.STEP ?? 2) * 1e6;
  for (const { file, p, byId } of profiles) {
    const steps = new Map();
    let t = p.startTime;
    for (let i = 0; i < p.samples.length; i++) {
      t += p.timeDeltas[i];
      const name = byId.get(p.samples[i]).callFrame.functionName;
      const kind = name === "(idle)" ? 2 : name === "(garbage collector)" ? 1 : 0;
      const step = Math.floor((t - t0) / width);
      const s = steps.get(step) ?? [0, 0, 0];
      s[kind] += p.timeDeltas[i + 1] ?? 0;
      steps.set(step, s);
    }
    console.log(`== ${file} (busy/gc/idle per ${width / 1e6} s)`);
    console.log([...steps].sort((a, b) => a[0] - b[0]).map(([s, [b, g, i]]) => `${+((s * width) / 1e6).toFixed(2)}s:${(b / 1e6).toFixed(2)}/${(g / 1e6).toFixed(2)}/${(i / 1e6).toFixed(2)}`).join(" "));
  }
} else {
  const out = new Map();
  let all = 0;
  for (const { p, byId, parent, self, total } of profiles) {
    for (const [id, t] of self) if (byId.get(id).callFrame.functionName !== "(idle)") all += t;
    if (mode === "self" || mode === "byfile") {
      for (const [id, t] of self) {
        const n = byId.get(id);
        if (n.callFrame.functionName === "(idle)") continue;
        let k = key(n);
        if (mode === "byfile") {
          const url = n.callFrame.url.replace(/.*\/(src|dist|node_modules)\//, "$1/");
          k = url.startsWith("wasm") ? "(wasm)" : url.startsWith("node:") ? "(node:*)" : url || n.callFrame.functionName;
        }
        add(out, k, t);
      }
    } else if (mode === "incl") {
      for (const n of p.nodes) {
        const k = key(n);
        // counted at the outermost frame of the same function only
        let a = parent.get(n.id);
        while (a !== undefined && key(byId.get(a)) !== k) a = parent.get(a);
        if (a === undefined) add(out, k, total.get(n.id));
      }
    } else {
      for (const n of p.nodes) {
        if (!key(n).startsWith(prefix)) continue;
        let a = parent.get(n.id);
        while (a !== undefined && !key(byId.get(a)).startsWith(prefix)) a = parent.get(a);
        if (a !== undefined) continue;
        if (mode === "callers") {
          const chain = [];
          for (let up = parent.get(n.id), d = 0; up !== undefined && d < 3; up = parent.get(up), d++) chain.push(key(byId.get(up)));
          add(out, chain.join(" <- ") || "(root)", total.get(n.id));
        } else {
          const visit = (id, path, depth) => {
            add(out, `${path} > (self)`, self.get(id) ?? 0);
            for (const c of byId.get(id).children ?? []) {
              const k = `${path} > ${key(byId.get(c))}`;
              add(out, k, total.get(c));
              if (depth < 2) visit(c, k, depth + 1);
            }
          };
          add(out, prefix, total.get(n.id));
          visit(n.id, "", 1);
        }
      }
    }
  }
  console.log(`${sec(all)}  non-idle samples in ${files.length} profile(s)`);
  print(out);
}

// Reads documents as JSON lines on stdin ({id, text, ref: "YYYY-MM-DD"}), runs chrono.casual
// on each and writes one JSON line per document ({id, results}), then a final
// {"timing": {docs, seconds, first_seconds}} line (fastest pass, first pass). The timing covers only the parse loop, not node start-up,
// module loading or I/O, so it is comparable with the in-process Python engines.
import { createInterface } from "node:readline";
import * as chrono from "chrono-node";

const COMPONENTS = ["year", "month", "day", "weekday", "hour", "minute"];

function component(c) {
  if (!c) return null;
  const values = {};
  const known = [];
  for (const name of COMPONENTS) {
    values[name] = c.get(name);
    if (c.isCertain(name)) known.push(name);
  }
  return { values, known };
}

const docs = [];
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim()) docs.push(JSON.parse(line));
}

// One untimed warm-up parse, as the Python engines get, so the JIT's first pass is not timed.
chrono.casual.parse("The talks were held on Tuesday, May 16, 1998, and resume next week.", new Date());

// Optional argument: number of timed passes; the fastest counts (the outputs are identical).
const repeat = Math.max(1, Number.parseInt(process.argv[2] ?? "1", 10) || 1);
let parsed = [];
let seconds = Infinity;
let firstSeconds = Infinity;
for (let pass = 0; pass < repeat; pass++) {
  parsed = [];
  const began = process.hrtime.bigint();
  for (const doc of docs) {
    const [y, m, d] = doc.ref.split("-").map(Number);
    // Noon local time: the reference day stays the same whatever the time zone offset.
    const ref = new Date(y, m - 1, d, 12, 0, 0);
    parsed.push(chrono.casual.parse(doc.text, ref, { forwardDate: false }));
  }
  const elapsed = Number(process.hrtime.bigint() - began) / 1e9;
  seconds = Math.min(seconds, elapsed);
  if (pass === 0) firstSeconds = elapsed;
}

const out = [];
docs.forEach((doc, i) => {
  const results = parsed[i].map((r) => ({
    index: r.index,
    text: r.text,
    start: component(r.start),
    end: component(r.end),
  }));
  out.push(JSON.stringify({ id: doc.id, results }));
});
out.push(JSON.stringify({ timing: { docs: docs.length, seconds, first_seconds: firstSeconds } }));
process.stdout.write(out.join("\n") + "\n");

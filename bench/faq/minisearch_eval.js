// The peer baseline: MiniSearch indexing the same FAQ entries (question, paraphrases,
// answer) and answering the same labelled questions. Prints one JSON object per
// setting on stdout: its ranking per question (declined = no result) and its latency.
// Usage: node minisearch_eval.js CONTENT_DIR EVAL_JSONL
'use strict';
const fs = require('fs');
const path = require('path');
const MiniSearch = require('minisearch');

const [contentDir, evalFile] = process.argv.slice(2);
const entriesDir = path.join(contentDir, 'faq', 'entries');
const docs = [];
for (const f of fs.readdirSync(entriesDir).filter((n) => n.endsWith('.json')).sort()) {
  for (const e of JSON.parse(fs.readFileSync(path.join(entriesDir, f), 'utf8')).entries) {
    docs.push({ id: e.id, question: e.question, paraphrases: e.paraphrases.join('\n'), answer: e.answer });
  }
}
const questions = fs.readFileSync(evalFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).q);

// "library defaults": MiniSearch's own (no fuzzy, no prefix); "README settings": the
// fuzzy/prefix search its documentation shows first.
const settings = [
  { name: 'MiniSearch (defaults)', searchOptions: {} },
  { name: 'MiniSearch (prefix, fuzzy 0.2)', searchOptions: { prefix: true, fuzzy: 0.2 } },
];
for (const s of settings) {
  const ms = new MiniSearch({ fields: ['question', 'paraphrases', 'answer'], storeFields: [], searchOptions: s.searchOptions });
  ms.addAll(docs);
  const answers = questions.map((q) => {
    const r = ms.search(q).slice(0, 3).map((x) => x.id);
    return { ranked: r, declined: r.length === 0 };
  });
  const times = [];
  const rounds = 20;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < rounds; ++k) {
    for (const q of questions) {
      const a = process.hrtime.bigint();
      ms.search(q);
      times.push(Number(process.hrtime.bigint() - a) / 1000);
    }
  }
  const total_s = Number(process.hrtime.bigint() - t0) / 1e9;
  times.sort((x, y) => x - y);
  const pick = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(JSON.stringify({ name: s.name, answers, p50_us: pick(0.5), p99_us: pick(0.99), qps: times.length / total_s }));
}

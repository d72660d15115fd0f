#!/usr/bin/env node
// Typeset TeX strings with MathJax 3.2.2 (the version Anki ships) and report failures.
//
// Input: JSON lines on stdin, each {"tex": "...", "display": false, "where": "..."}.
// Output: one JSON line per failure {"where", "tex", "error"}, then a summary line
// {"checked": N, "failed": M} on stdout. Exit code 1 when anything failed.
//
// All of MathJax's TeX packages are loaded (Anki uses the full TeX component) except
// noerrors and noundefined, so a parse error or an unknown macro is an error here.
'use strict';

const readline = require('readline');
const { mathjax } = require('mathjax-full/js/mathjax.js');
const { TeX } = require('mathjax-full/js/input/tex.js');
const { SVG } = require('mathjax-full/js/output/svg.js');
const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js');
const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js');
const { AllPackages } = require('mathjax-full/js/input/tex/AllPackages.js');

const packages = AllPackages.filter((p) => p !== 'noerrors' && p !== 'noundefined');
const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const tex = new TeX({
  packages,
  // Without noerrors, MathJax still turns errors into <merror> by default: make them throw.
  formatError: (jax, err) => { throw err; },
});
const doc = mathjax.document('', { InputJax: tex, OutputJax: new SVG({ fontCache: 'none' }) });

let checked = 0;
let failed = 0;
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  const item = JSON.parse(line);
  checked += 1;
  try {
    const node = doc.convert(item.tex, { display: !!item.display });
    const html = adaptor.outerHTML(node);
    if (html.includes('data-mjx-error') || html.includes('<merror')) {
      throw new Error('rendered as an error box');
    }
  } catch (err) {
    failed += 1;
    process.stdout.write(JSON.stringify({ where: item.where || '', tex: item.tex,
      error: String(err && err.message ? err.message : err) }) + '\n');
  }
});
rl.on('close', () => {
  process.stdout.write(JSON.stringify({ checked, failed }) + '\n');
  process.exitCode = failed ? 1 : 0;
});

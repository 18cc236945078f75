// Bundled by scripts/synth-cache.js in place of lib/todo-chatbot/helm.ts where lib/todo-chatbot/outputs.ts imports
// it: the same module, but its Helm chart is derived once per bundle and kept beside the bundle.
//
// The chart directory is a function of the library's code alone (todoChatbotHelmChartFiles takes no argument: a
// values file given with -f changes the plain manifests, never the chart). The bundle's folder, .cache/synth/<key>/,
// is keyed on the contents of every bundled source, package-lock.json and the Node version, so the chart kept there
// belongs to exactly the code that derived it; an edit makes a new key, a new bundle and a new derivation. The entry
// starts with the SHA-256 of the rest and is written atomically: one that is damaged, cut short or edited fails the
// check and is derived and written again.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const helm = require('../lib/todo-chatbot/helm');

/** The file beside the bundle that holds its chart: a line with the SHA-256 of the rest, then the files as JSON. */
const CHART_CACHE_FILE = 'helm-chart.cache';

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

/** The files `derive` returns, read from `dir`'s entry when it is intact, else derived and written there. */
function cachedChartFiles(dir, derive) {
  const file = path.join(dir, CHART_CACHE_FILE);
  const cached = readEntry(file);
  if (cached) return cached;
  const files = derive();
  const payload = JSON.stringify([...files]);
  try {
    fs.writeFileSync(`${file}.${process.pid}`, `${sha256(payload)}\n${payload}`);
    fs.renameSync(`${file}.${process.pid}`, file);
  } catch {
    // A cache that cannot be written (a read-only checkout) only makes the next synthesis derive again.
    fs.rmSync(`${file}.${process.pid}`, { force: true });
  }
  return files;
}

/** The files of an intact entry, or undefined (absent, damaged, not a list of [path, text] pairs). */
function readEntry(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  const payload = text.slice(newline + 1);
  if (newline !== 64 || text.slice(0, 64) !== sha256(payload)) return undefined;
  try {
    const entries = JSON.parse(payload);
    const valid = Array.isArray(entries) && entries.every((e) => Array.isArray(e) && e.length === 2
      && typeof e[0] === 'string' && typeof e[1] === 'string');
    return valid ? new Map(entries) : undefined;
  } catch {
    return undefined;
  }
}

module.exports = {
  ...helm,
  todoChatbotHelmChartFiles: () => cachedChartFiles(__dirname, helm.todoChatbotHelmChartFiles),
  cachedChartFiles,
  CHART_CACHE_FILE,
};

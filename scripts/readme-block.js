// Replace a generated block of README.md, between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`, with text
// a script measured (so the README states numbers without anyone copying them by hand). Written atomically.
"use strict";
const fs = require("fs");
const path = require("path");

const README = path.resolve(__dirname, "..", "README.md");

// `readmeFile`: another file with the same markers (the tests fill a copy, never the repository's README).
function replaceReadmeBlock(name, text, readmeFile = README) {
  const readme = fs.readFileSync(readmeFile, "utf8");
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) throw new Error(`${path.basename(readmeFile)} has no ${open} ... ${close} block to fill: add the two markers`);
  const next = `${readme.slice(0, start + open.length)}\n${text.trim()}\n${readme.slice(end)}`;
  fs.writeFileSync(`${readmeFile}.tmp`, next);
  fs.renameSync(`${readmeFile}.tmp`, readmeFile);
}

module.exports = { replaceReadmeBlock };

// Replace a generated block of README.md, between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`, with text
// a script measured (so the README states numbers without anyone copying them by hand). Written atomically.
"use strict";
const fs = require("fs");
const path = require("path");

const README = path.resolve(__dirname, "..", "README.md");

function replaceReadmeBlock(name, text) {
  const readme = fs.readFileSync(README, "utf8");
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) throw new Error(`README.md has no ${open} ... ${close} block to fill: add the two markers`);
  const next = `${readme.slice(0, start + open.length)}\n${text.trim()}\n${readme.slice(end)}`;
  fs.writeFileSync(`${README}.tmp`, next);
  fs.renameSync(`${README}.tmp`, README);
}

module.exports = { replaceReadmeBlock };

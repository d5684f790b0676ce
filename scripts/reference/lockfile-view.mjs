// The JavaScript package managers' own reading of a lockfile, for record-lockfiles.py.
// Usage: node lockfile-view.mjs yarn|pnpm|bun DIRECTORY (pnpm: lockfile version 9, the one
// pnpm's reader still knows); prints
// {"packages": [[name, version], ...], "direct": [name, ...] | null}.
// Needs, installed by record-lockfiles.py: @yarnpkg/lockfile (Yarn 1's parser),
// @yarnpkg/parsers (Yarn Berry's), @pnpm/lockfile.fs and @pnpm/dependency-path (pnpm's),
// jsonc-parser (for bun.lock, which is JSON with trailing commas).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(process.env.REFERENCE_NODE_MODULES, "x.js"));
const [kind, directory] = process.argv.slice(2);
const packages = [];
let direct = null;

if (kind === "yarn") {
  const text = readFileSync(join(directory, "yarn.lock"), "utf8");
  if (text.includes("__metadata:")) {
    const { parseSyml } = require("@yarnpkg/parsers");
    for (const [key, entry] of Object.entries(parseSyml(text))) {
      if (key === "__metadata") continue;
      // `resolution` is `name@protocol:…`; workspaces are the project, not packages.
      const resolution = entry.resolution;
      const at = resolution.indexOf("@", 1);
      const name = resolution.slice(0, at);
      const reference = resolution.slice(at + 1);
      if (reference.startsWith("workspace:")) continue;
      packages.push([name, entry.version]);
    }
  } else {
    const lockfile = require("@yarnpkg/lockfile");
    const parsed = lockfile.parse(text);
    for (const [key, entry] of Object.entries(parsed.object)) {
      // `name@range`; an alias (`a@npm:b@^1`) is the package b.
      const first = key.split(", ")[0];
      const at = first.indexOf("@", 1);
      let name = first.slice(0, at);
      const range = first.slice(at + 1);
      if (range.startsWith("npm:")) {
        const real = range.slice(4);
        name = real.slice(0, real.indexOf("@", 1));
      }
      packages.push([name, entry.version]);
    }
  }
} else if (kind === "pnpm") {
  const { readWantedLockfile } = require("@pnpm/lockfile.fs");
  const dependencyPath = require("@pnpm/dependency-path");
  const lockfile = await readWantedLockfile(directory, { ignoreIncompatible: false });
  for (const key of Object.keys(lockfile.packages ?? {})) {
    const parsed = dependencyPath.parse(key);
    if (parsed.name && parsed.version) packages.push([parsed.name, parsed.version]);
  }
  direct = [];
  for (const importer of Object.values(lockfile.importers ?? {})) {
    for (const group of ["dependencies", "devDependencies", "optionalDependencies"]) {
      for (const [name, version] of Object.entries(importer[group] ?? {})) {
        // `link:` dependencies are workspace projects, not packages; an alias's version is
        // `real-name@version`; peers follow in parentheses.
        const text = String(version).split("(")[0];
        if (text.startsWith("link:")) continue;
        const at = text.lastIndexOf("@");
        direct.push(at > 0 ? text.slice(0, at) : name);
      }
    }
  }
} else if (kind === "bun") {
  const { parse } = require("jsonc-parser");
  const lockfile = parse(readFileSync(join(directory, "bun.lock"), "utf8"), [], { allowTrailingComma: true });
  for (const entry of Object.values(lockfile.packages ?? {})) {
    // The first element is `name@version` (or `name@workspace:path` for the project's own).
    const identifier = entry[0];
    const at = identifier.indexOf("@", 1);
    const version = identifier.slice(at + 1);
    if (version.startsWith("workspace:")) continue;
    packages.push([identifier.slice(0, at), version]);
  }
} else {
  throw new Error(`unknown kind ${kind}`);
}
process.stdout.write(JSON.stringify({ packages, direct }));

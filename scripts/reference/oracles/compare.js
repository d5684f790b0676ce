// Asks node-semver (the npm package `semver`) about versions, strictly (not `loose`).
// Input lines: "v<TAB>version" or "c<TAB>left<TAB>right"; output one answer per line.
const semver = require("semver");
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
const out = [];
for (const line of lines) {
  const fields = line.split("\t");
  if (fields[0] === "v") {
    out.push(semver.valid(fields[1]) === null ? "invalid" : "valid");
  } else {
    const order = semver.compare(fields[1], fields[2]);
    out.push(order < 0 ? "<" : order > 0 ? ">" : "=");
  }
}
process.stdout.write(out.join("\n") + "\n");

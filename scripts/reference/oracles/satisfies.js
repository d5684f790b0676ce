// Asks node-semver whether versions satisfy ranges.
// Input lines: "r<TAB>range" (valid?) or "s<TAB>range<TAB>version"; one answer per line.
const semver = require("semver");
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
const out = [];
for (const line of lines) {
  const fields = line.split("\t");
  if (fields[0] === "r") {
    out.push(semver.validRange(fields[1]) === null ? "invalid" : "valid");
  } else {
    out.push(semver.satisfies(fields[2], fields[1]) ? "yes" : "no");
  }
}
process.stdout.write(out.join("\n") + "\n");

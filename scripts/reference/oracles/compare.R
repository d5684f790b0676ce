# Asks R about package versions: validity from package_version, order from compareVersion
# (whose missing trailing components make a version older: 1.8 < 1.8.0, as OSV orders CRAN).
# Input lines: "v<TAB>version" or "c<TAB>left<TAB>right"; output one answer per line.
lines <- readLines(file("stdin"))
for (line in lines) {
  fields <- strsplit(line, "\t", fixed = TRUE)[[1]]
  if (fields[1] == "v") {
    valid <- !is.na(package_version(fields[2], strict = FALSE))
    cat(if (valid) "valid" else "invalid", "\n", sep = "")
  } else {
    order <- utils::compareVersion(fields[2], fields[3])
    cat(if (order < 0) "<" else if (order > 0) ">" else "=", "\n", sep = "")
  }
}

# Asks R's package_version about versions.
# Input lines: "v<TAB>version" or "c<TAB>left<TAB>right"; output one answer per line.
lines <- readLines(file("stdin"))
for (line in lines) {
  fields <- strsplit(line, "\t", fixed = TRUE)[[1]]
  if (fields[1] == "v") {
    valid <- !is.na(package_version(fields[2], strict = FALSE))
    cat(if (valid) "valid" else "invalid", "\n", sep = "")
  } else {
    a <- package_version(fields[2]); b <- package_version(fields[3])
    cat(if (a < b) "<" else if (a > b) ">" else "=", "\n", sep = "")
  }
}

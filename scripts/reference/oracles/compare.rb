# Asks RubyGems' Gem::Version about versions.
# Input lines: "v<TAB>version" or "c<TAB>left<TAB>right"; output one answer per line.
$stdin.each_line do |line|
  fields = line.chomp("\n").split("\t", -1)
  if fields[0] == "v"
    puts(Gem::Version.correct?(fields[1]) ? "valid" : "invalid")
  else
    order = Gem::Version.new(fields[1]) <=> Gem::Version.new(fields[2])
    puts(order < 0 ? "<" : order > 0 ? ">" : "=")
  end
end

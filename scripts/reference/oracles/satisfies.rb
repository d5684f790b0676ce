# Asks RubyGems whether versions satisfy requirements (comma-separated clauses).
# Input lines: "r<TAB>requirement" or "s<TAB>requirement<TAB>version"; one answer per line.
$stdin.each_line do |line|
  fields = line.chomp("\n").split("\t", -1)
  clauses = fields[1].split(",").map(&:strip)
  begin
    requirement = Gem::Requirement.new(*clauses)
  rescue Gem::Requirement::BadRequirementError, ArgumentError
    puts "invalid"
    next
  end
  if fields[0] == "r"
    puts "valid"
  else
    puts(requirement.satisfied_by?(Gem::Version.new(fields[2])) ? "yes" : "no")
  end
end

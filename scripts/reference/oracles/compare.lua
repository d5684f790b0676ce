-- Asks rpm (through its Lua interpreter: rpm.vercmp) about versions; run with
-- rpm --eval "%{lua: dofile('compare.lua')}" and the input file in STEWARD_RPM_INPUT.
local input = io.open(os.getenv("STEWARD_RPM_INPUT"))
local out = {}
for line in input:lines() do
  local kind, left, right = line:match("^(%a)\t([^\t]*)\t?(.*)$")
  if kind == "v" then
    table.insert(out, "valid")
  else
    local order = rpm.vercmp(left, right)
    table.insert(out, order < 0 and "<" or (order > 0 and ">" or "="))
  end
end
print(table.concat(out, "\n"))

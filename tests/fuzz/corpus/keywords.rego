package kw

import rego.v1

contains_all(x) := x
if.a := 1
p if { not.x == 1 }
q := input["with"].as
r contains x if some x, _ in input

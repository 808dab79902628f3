package p

default allow := false

allow if {
	some x in input.a
	x == "x"
	count(input.a) > input.n - 1
}

deny contains msg if {
	not allow
	msg := sprintf("%v is not allowed", [input.s])
}

obj[k] := v if {
	some k, v in {"a": 1, "b": [2, 3]}
}

f(x) := y if y := x * 2
else := 0

g := [f(i) | some i in numbers.range(1, 3)]

h := {k: v | some k, v in obj} if every v in input.a { v != null }

t := concat(",", [upper(s) | some s in split(input.s, "")])
w := y if y := input.a with input.a as [1]

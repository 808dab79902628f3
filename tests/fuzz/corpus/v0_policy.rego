package legacy

import future.keywords.in
import future.keywords.if

p[x] {
    x := input.xs[_]
    x > 1
}

q[k] = v {
    v := input.m[k]
}

r = 1 { true } { false }

f(x) = y {
    y := x + 1
} else = 0 {
    true
}

s if 1 in [1, 2]

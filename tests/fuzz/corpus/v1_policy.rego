# METADATA
# title: Access
# description: who may do what
package app.authz

import data.roles as r
import input.user

default allow := false

allow if {
	some role in user.roles
	r[role].permissions[_] == input.action
	not deny
}

deny contains msg if {
	input.resource.owner != user.name
	msg := sprintf("%s is not the owner of %s", [user.name, input.resource.id])
}

grants[name] := perms if {
	some name, perms in r
	count(perms) > 0
}

level(x) := "high" if x >= 10
else := "low"

all_ok if every k, v in input.checks { v == true; startswith(k, "c") }

ids := {id | some x in input.items; id := x.id}
by_id := {x.id: x | x := input.items[_]}
names := [n | n := input.items[i].name; i < 3]
total := sum([(x * 2 + 1 - 3 / 4 % 5) | x := numbers.range(1, 10)[_]])
both := {1, 2} & {2, 3} | set()
a.b.c[d] := e if { d := "k"; e := -1.5e3 }
msg := $"hello {input.name}, you have {count(input.items)} items"
raw := `C:\path\{x}`
t if input.x with input as {"x": true} with data.y as 1

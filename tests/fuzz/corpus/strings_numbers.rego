package lits

s := "esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00"
n := [0, -0, 1.5, -2.5e-3, 1E10, 123456789012345678901234567890, .5, -.5]
b := [true, false, null]
e := {}
t := $`multi
line {1 + 1} \{not}`

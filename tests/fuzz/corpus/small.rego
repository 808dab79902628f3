package p

p := {"a": [1, 2, 3], "b": {"c": {"d": null}}}
q := p.a[0]

# METADATA
# title: Package
# scope: subpackages
package p

# METADATA
# scope: rule
# entrypoint: true
# related_resources:
# - https://example.com/a?b#c
# - ref: http://u:p@h:80/x
#   description: d
# authors:
# - A B <a@b.c>
# - name: C
# organizations: [o]
# schemas:
# - input: schema.i
# - data.x: {"type": "object", "properties": {"a": {"type": "string"}}}
# custom:
#   a: &a [1, 0x1F, 2.5e3, ~, yes, "s", 2024-01-02]
#   b: *a
#   c: {d: {e: [f]}}
allow if true

x := 1 # METADATA
# title: trailing

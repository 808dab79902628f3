# The benchmark's RBAC policy: a request {user, action, resource: {type}} is allowed when the
# user is active and one of the user's roles grants the action on the resource's type.
package rbac

default allow := false

allow if {
	user := data.users[input.user]
	user.active
	some role in user.roles
	some grant in data.roles[role].grants
	grant.action == input.action
	grant.type == input.resource.type
}

deny contains msg if {
	not data.users[input.user]
	msg := sprintf("unknown user %s", [input.user])
}

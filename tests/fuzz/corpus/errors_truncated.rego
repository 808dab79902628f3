package broken

allow if {
	input.user == "admin"
	count(input.roles) >

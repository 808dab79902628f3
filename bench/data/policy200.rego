# METADATA
# title: Infrastructure SLO policy
# description: Response time and error rate objectives per machine size.
package infra.slo

import rego.v1

default allow := false

# Objectives per machine type, in milliseconds and percent.
objectives := {
  "small": {"response_ms": 400, "error_pct": 1.0},
  "medium": {"response_ms": 250, "error_pct": 0.5},
  "large": {"response_ms": 150, "error_pct": 0.25},
}

allow if {
  count(violation) == 0
  input.environment in {"staging", "production"}
}

# Rule group 0: services of team 0.
team_0_services contains name if {
  some service in input.services
  service.team == "team-0"
  name := service.name
}

violation contains msg if {
  some service in input.services
  service.team == "team-0"
  objective := objectives[service.machine_type]
  service.metrics.p95_response_ms > objective.response_ms
  msg := sprintf("%s on %s: p95 %v ms over %v ms", [service.name, service.machine_type, service.metrics.p95_response_ms, objective.response_ms])
}

error_budget_0[name] := remaining if {
  some service in input.services
  service.team == "team-0"
  name := service.name
  remaining := objectives[service.machine_type].error_pct - service.metrics.error_pct
}

# Rule group 1: services of team 1.
team_1_services contains name if {
  some service in input.services
  service.team == "team-1"
  name := service.name
}

violation contains msg if {
  some service in input.services
  service.team == "team-1"
  objective := objectives[service.machine_type]
  service.metrics.p95_response_ms > objective.response_ms
  msg := sprintf("%s on %s: p95 %v ms over %v ms", [service.name, service.machine_type, service.metrics.p95_response_ms, objective.response_ms])
}

error_budget_1[name] := remaining if {
  some service in input.services
  service.team == "team-1"
  name := service.name
  remaining := objectives[service.machine_type].error_pct - service.metrics.error_pct
}

# Rule group 2: services of team 2.
team_2_services contains name if {
  some service in input.services
  service.team == "team-2"
  name := service.name
}

violation contains msg if {
  some service in input.services
  service.team == "team-2"
  objective := objectives[service.machine_type]
  service.metrics.p95_response_ms > objective.response_ms
  msg := sprintf("%s on %s: p95 %v ms over %v ms", [service.name, service.machine_type, service.metrics.p95_response_ms, objective.response_ms])
}

error_budget_2[name] := remaining if {
  some service in input.services
  service.team == "team-2"
  name := service.name
  remaining := objectives[service.machine_type].error_pct - service.metrics.error_pct
}

# Rule group 3: services of team 3.
team_3_services contains name if {
  some service in input.services
  service.team == "team-3"
  name := service.name
}

violation contains msg if {
  some service in input.services
  service.team == "team-3"
  objective := objectives[service.machine_type]
  service.metrics.p95_response_ms > objective.response_ms
  msg := sprintf("%s on %s: p95 %v ms over %v ms", [service.name, service.machine_type, service.metrics.p95_response_ms, objective.response_ms])
}

error_budget_3[name] := remaining if {
  some service in input.services
  service.team == "team-3"
  name := service.name
  remaining := objectives[service.machine_type].error_pct - service.metrics.error_pct
}

# Rule group 4: services of team 4.
team_4_services contains name if {
  some service in input.services
  service.team == "team-4"
  name := service.name
}

violation contains msg if {
  some service in input.services
  service.team == "team-4"
  objective := objectives[service.machine_type]
  service.metrics.p95_response_ms > objective.response_ms
  msg := sprintf("%s on %s: p95 %v ms over %v ms", [service.name, service.machine_type, service.metrics.p95_response_ms, objective.response_ms])
}

error_budget_4[name] := remaining if {
  some service in input.services
  service.team == "team-4"
  name := service.name
  remaining := objectives[service.machine_type].error_pct - service.metrics.error_pct
}

# Rule group 5: services of team 5.
team_5_services contains name if {
  some service in input.services
  service.team == "team-5"
  name := service.name
}

violation contains msg if {
  some service in input.services
  service.team == "team-5"
  objective := objectives[service.machine_type]
  service.metrics.p95_response_ms > objective.response_ms
  msg := sprintf("%s on %s: p95 %v ms over %v ms", [service.name, service.machine_type, service.metrics.p95_response_ms, objective.response_ms])
}

error_budget_5[name] := remaining if {
  some service in input.services
  service.team == "team-5"
  name := service.name
  remaining := objectives[service.machine_type].error_pct - service.metrics.error_pct
}

# Rule group 6: services of team 6.
team_6_services contains name if {
  some service in input.services
  service.team == "team-6"
  name := service.name
}

violation contains msg if {
  some service in input.services
  service.team == "team-6"
  objective := objectives[service.machine_type]
  service.metrics.p95_response_ms > objective.response_ms
  msg := sprintf("%s on %s: p95 %v ms over %v ms", [service.name, service.machine_type, service.metrics.p95_response_ms, objective.response_ms])
}

error_budget_6[name] := remaining if {
  some service in input.services
  service.team == "team-6"
  name := service.name
  remaining := objectives[service.machine_type].error_pct - service.metrics.error_pct
}

slow_small_machines := [s.name | some s in input.services; s.machine_type == "small"; s.metrics.p95_response_ms > 300]

every_service_labelled if {
  every s in input.services {
    s.labels.owner != ""
  }
}

ratio(a, b) := a / b if b != 0

ratio(_, 0) := 0


# Machines whose every service meets its objective.
healthy_machines contains machine if {
  some machine in {s.machine | some s in input.services}
  not machine_has_violation(machine)
}

machine_has_violation(machine) if {
  some s in input.services
  s.machine == machine
  s.metrics.p95_response_ms > objectives[s.machine_type].response_ms
}

summary := {"violations": count(violation), "healthy": count(healthy_machines)}

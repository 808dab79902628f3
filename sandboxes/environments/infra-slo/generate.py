#!/usr/bin/env python3
"""Regenerates the infra-slo fixtures and Rego documents (deterministic: a fixed seed). Run
from anywhere: python3 sandboxes/environments/infra-slo/generate.py

Services run on small, medium or large machines; response times and error rates are measured
every six hours over three months. Small machines are slower (so "ResponseTime violation on
small resource machine" policies find something), some measurements are missing (NULL p99),
one service is far busier than the others (skew), and two services have identical error
counts (ties). rego/input.json is the origin document's OPA example input: one service's info
with its machine type and metrics; rego/data.json holds the SLO thresholds per machine type."""
import csv
import json
import os
import random
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(11)


def write(name, header, rows):
    with open(os.path.join(HERE, "fixtures", name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


machine_types = [["small", 2, 4, 0.05], ["medium", 4, 16, 0.19], ["large", 16, 64, 0.77]]
write("machine_types", ["machine_type", "vcpus", "memory_gb", "hourly_cost"], machine_types)

TEAMS = ["payments", "search", "identity", "analytics", None]
NAMES = ["checkout", "cart", "catalog", "search-api", "login", "profile", "reports", "ingest",
         "billing", "notifications", "recommender", "gateway"]
services = []
for i, name in enumerate(NAMES, start=1):
    services.append([i, name, TEAMS[i % 5], ["small", "medium", "large"][i % 3],
                     "critical" if i % 4 == 0 else "standard"])
write("services", ["service_id", "name", "team", "machine_type", "tier"], services)

BASE_MS = {"small": 420, "medium": 180, "large": 90}
response_times, error_rates = [], []
start = datetime(2024, 5, 1)
n = 0
for service in services:
    for step in range(0, 4 * 92, 12):  # every three days, three months
        n += 1
        at = start + timedelta(hours=6 * step + rng.randrange(0, 6))
        base = BASE_MS[service[3]] * rng.uniform(0.6, 1.8)
        p99 = None if n % 19 == 0 else round(base * rng.uniform(2.5, 4.0), 1)
        response_times.append([n, service[0], at.strftime("%Y-%m-%d %H:%M:%S"),
                               round(base, 1), round(base * 1.8, 1), p99])
        requests = rng.randrange(1000, 5000) * (20 if service[0] == 4 else 1)
        errors = rng.randrange(0, requests // 50)
        error_rates.append([n, service[0], at.strftime("%Y-%m-%d %H:%M:%S"), requests, errors])
# services 2 and 3: identical totals on one day, a tie for "worst service that day".
error_rates.append([n + 1, 2, "2024-06-15 12:00:00", 1000, 250])
error_rates.append([n + 2, 3, "2024-06-15 12:00:00", 1000, 250])
write("response_times", ["measurement_id", "service_id", "measured_at", "p50_ms", "p95_ms",
                         "p99_ms"], response_times)
write("error_rates", ["measurement_id", "service_id", "measured_at", "requests", "errors"],
      error_rates)

data = {"slo": {"thresholds": {"small": {"ResponseTime": 500, "ErrorRate": 0.02},
                               "medium": {"ResponseTime": 300, "ErrorRate": 0.01},
                               "large": {"ResponseTime": 150, "ErrorRate": 0.005}}},
        "machine_types": {m[0]: {"vcpus": m[1], "memory_gb": m[2]} for m in machine_types}}
input_doc = {"client_info": {"client_id": "tenant-42", "service_name": "checkout"},
             "service_info": {"service_id": 1, "name": "checkout", "machine_type": "small",
                              "metric": {"ResponseTime": 730.5, "ErrorRate": 0.013}}}
with open(os.path.join(HERE, "rego", "data.json"), "w") as f:
    json.dump(data, f, indent=2)
    f.write("\n")
with open(os.path.join(HERE, "rego", "input.json"), "w") as f:
    json.dump(input_doc, f, indent=2)
    f.write("\n")

#!/usr/bin/env python3
"""Regenerates the telco-5g fixtures (deterministic: a fixed seed). Run from anywhere:
python3 sandboxes/environments/telco-5g/generate.py

The data is made to catch wrong answers: four months, three technologies, one cell that
carries far more traffic than the others (skew), NULL volumes (a sum that ignores NULLs
differs from a count), equal totals for two cells (ties), open alarms (cleared_at NULL)."""
import csv
import os
import random
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(5)

REGIONS = ["Uusimaa", "Pirkanmaa", "Lappi", "Varsinais-Suomi"]
VENDORS = ["Nokia", "Ericsson", "Huawei"]
TECHS = ["3G", "4G", "5G"]


def write(name, header, rows):
    with open(os.path.join(HERE, "fixtures", name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


cells = []
for i in range(1, 25):
    tech = TECHS[i % 3]
    installed = datetime(2018, 1, 1) + timedelta(days=rng.randrange(0, 2000))
    capacity = None if i % 11 == 0 else {"3G": 42, "4G": 300, "5G": 2000}[tech]
    cells.append((f"CELL-{i:03d}", f"site {REGIONS[i % 4]} {i}", REGIONS[i % 4], tech,
                  VENDORS[i % 3], installed.strftime("%Y-%m-%d"), capacity))
write("cells", ["cell_id", "site_name", "region", "technology", "vendor", "installed_on",
                "max_capacity_mbps"], cells)

# Hourly traffic samples over January to April 2024.
traffic = []
start = datetime(2024, 1, 1)
for n in range(1, 601):
    cell = cells[0] if n % 7 == 0 else rng.choice(cells)  # CELL-001 carries extra traffic
    hour = start + timedelta(hours=rng.randrange(0, 24 * 121))
    scale = {"3G": 50, "4G": 400, "5G": 2500}[cell[3]]
    up = round(rng.uniform(0.05, 0.3) * scale, 2)
    down = round(rng.uniform(0.5, 1.5) * scale, 2)
    if n % 37 == 0:
        down = None  # a counter that did not report
    if n % 53 == 0:
        up = None
    speedout = round(rng.uniform(1, 100) * (10 if cell[3] == "5G" else 1), 1)
    traffic.append([n, cell[0], hour.strftime("%Y-%m-%d %H:00:00"), cell[3], up, down, speedout])
# Two 5G cells with exactly the same downlink total for March: a tie for "top cell" queries.
traffic.append([601, "CELL-002", "2024-03-15 10:00:00", "5G", 100.0, 777.0, 50.0])
traffic.append([602, "CELL-005", "2024-03-15 10:00:00", "5G", 100.0, 777.0, 50.0])
traffic.sort(key=lambda r: (r[2], r[0]))
write("onu_traffic", ["traffic_id", "cell_id", "hour", "technology", "uplink_volume",
                      "downlink_volume", "speedout"], traffic)

alarms = []
for n in range(1, 151):
    cell = rng.choice(cells)
    raised = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 121))
    cleared = None if n % 9 == 0 else raised + timedelta(minutes=rng.randrange(1, 600))
    alarms.append([n, cell[0], raised.strftime("%Y-%m-%d %H:%M:%S"),
                   cleared.strftime("%Y-%m-%d %H:%M:%S") if cleared else None,
                   rng.choice(["critical", "major", "major", "minor", "minor", "minor"]),
                   rng.choice(["link down", "high temperature", "power failure",
                               "congestion", "sync loss"])])
write("alarms", ["alarm_id", "cell_id", "raised_at", "cleared_at", "severity", "alarm_type"],
      alarms)

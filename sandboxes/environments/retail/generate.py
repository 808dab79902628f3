#!/usr/bin/env python3
"""Regenerates the retail fixtures (deterministic: a fixed seed). Run from anywhere:
python3 sandboxes/environments/retail/generate.py

Made to catch wrong answers: orders over six months, cancelled orders (a revenue that forgets
to leave them out is wrong), prices that change over time (the price of an order is the one
valid on its date, not today's), customers without email or country (NULLs), one customer who
buys far more than the others (skew), products without a category, and two products with the
same revenue (ties)."""
import csv
import os
import random
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(7)


def write(name, header, rows):
    with open(os.path.join(HERE, "fixtures", name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


FIRST = ["Aino", "Eero", "Maria", "Juha", "Sofia", "Liam", "Emma", "Noah", "Olivia", "Mikko",
         "Anna", "Pedro", "Chen", "Fatima", "Lars", "Ingrid"]
LAST = ["Virtanen", "Korhonen", "Smith", "Garcia", "Li", "Nielsen", "Müller", "Rossi"]
COUNTRIES = ["FI", "SE", "DE", "US", "ES"]
customers = []
for i in range(1, 61):
    name = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"
    email = None if i % 10 == 0 else f"customer{i}@example.com"
    country = None if i % 17 == 0 else COUNTRIES[i % len(COUNTRIES)]
    signup = date(2022, 1, 1) + timedelta(days=rng.randrange(0, 700))
    customers.append([i, name, email, country, signup.isoformat(),
                      "business" if i % 5 == 0 else "consumer"])
write("customers", ["customer_id", "name", "email", "country", "signup_date", "segment"],
      customers)

CATEGORIES = ["books", "electronics", "garden", "toys", None]
products = []
for i in range(1, 31):
    products.append([i, f"Product {i:02d}", CATEGORIES[i % 5], "true" if i % 13 else "false"])
write("products", ["product_id", "name", "category", "active"], products)

# Slowly changing prices: each product has one to three price periods; the last is open.
prices = []
current = {}
periods = {}
for product_id in range(1, 31):
    price = round(rng.uniform(3, 300), 2)
    start = date(2023, 1, 1)
    changes = rng.randrange(0, 3)
    periods[product_id] = []
    for c in range(changes + 1):
        end = None if c == changes else start + timedelta(days=rng.randrange(40, 120))
        prices.append([product_id, price, start.isoformat(), end.isoformat() if end else None])
        periods[product_id].append((start, end, price))
        if end:
            start = end
            price = round(price * rng.uniform(0.8, 1.3), 2)
    current[product_id] = price
write("product_prices", ["product_id", "price", "valid_from", "valid_to"], prices)


def price_on(product_id, day):
    for start, end, price in periods[product_id]:
        if start <= day and (end is None or day < end):
            return price
    return periods[product_id][0][2]


orders, items = [], []
item_id = 0
for order_id in range(1, 251):
    customer_id = 1 if order_id % 6 == 0 else rng.randrange(1, 61)  # customer 1 buys a lot
    day = date(2023, 1, 2) + timedelta(days=rng.randrange(0, 181))
    status = rng.choice(["shipped"] * 6 + ["cancelled", "pending"])
    orders.append([order_id, customer_id, day.isoformat(), status])
    for _ in range(rng.randrange(1, 4)):
        item_id += 1
        product_id = rng.randrange(1, 29)
        items.append([item_id, order_id, product_id, rng.randrange(1, 5),
                      price_on(product_id, day)])
# Products 29 and 30 sell only here, with equal revenue: a tie.
orders.append([251, 2, "2023-03-01", "shipped"])
items.append([item_id + 1, 251, 29, 2, 50.0])
items.append([item_id + 2, 251, 30, 4, 25.0])
write("orders", ["order_id", "customer_id", "order_date", "status"], orders)
write("order_items", ["order_item_id", "order_id", "product_id", "quantity", "unit_price"],
      items)

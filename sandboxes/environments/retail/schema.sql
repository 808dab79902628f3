-- A web shop: customers, products with prices that change over time, orders and their items.
CREATE TABLE customers (
  customer_id integer PRIMARY KEY,
  name text NOT NULL,
  email text,                 -- NULL: not given
  country varchar(2),         -- ISO code; NULL: unknown
  signup_date date NOT NULL,
  segment text NOT NULL       -- consumer or business
);

CREATE TABLE products (
  product_id integer PRIMARY KEY,
  name text NOT NULL,
  category text,              -- NULL: uncategorised
  active boolean NOT NULL
);

-- One row per price period; valid_to is exclusive, NULL for the current price.
CREATE TABLE product_prices (
  product_id integer NOT NULL REFERENCES products (product_id),
  price numeric(10, 2) NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  PRIMARY KEY (product_id, valid_from)
);

CREATE TABLE orders (
  order_id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (customer_id),
  order_date date NOT NULL,
  status text NOT NULL        -- shipped, pending or cancelled
);

CREATE TABLE order_items (
  order_item_id integer PRIMARY KEY,
  order_id integer NOT NULL REFERENCES orders (order_id),
  product_id integer NOT NULL REFERENCES products (product_id),
  quantity integer NOT NULL,
  unit_price numeric(10, 2) NOT NULL  -- the price valid on the order's date
);

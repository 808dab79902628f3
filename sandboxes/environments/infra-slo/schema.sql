-- Services on machine types of three sizes, with response-time and error-rate measurements.
CREATE TABLE machine_types (
  machine_type varchar(8) PRIMARY KEY,  -- small, medium, large
  vcpus integer NOT NULL,
  memory_gb integer NOT NULL,
  hourly_cost double precision NOT NULL
);

CREATE TABLE services (
  service_id integer PRIMARY KEY,
  name text NOT NULL,
  team text,                            -- NULL: no owner yet
  machine_type varchar(8) NOT NULL REFERENCES machine_types (machine_type),
  tier text NOT NULL                    -- critical or standard
);

CREATE TABLE response_times (
  measurement_id integer PRIMARY KEY,
  service_id integer NOT NULL REFERENCES services (service_id),
  measured_at timestamp NOT NULL,
  p50_ms double precision NOT NULL,
  p95_ms double precision NOT NULL,
  p99_ms double precision               -- NULL: not measured
);

CREATE TABLE error_rates (
  measurement_id integer PRIMARY KEY,
  service_id integer NOT NULL REFERENCES services (service_id),
  measured_at timestamp NOT NULL,
  requests integer NOT NULL,
  errors integer NOT NULL
);

-- Mobile network cells, their hourly traffic per technology, and alarms.
CREATE TABLE cells (
  cell_id varchar(16) PRIMARY KEY,
  site_name text NOT NULL,
  region text NOT NULL,
  technology varchar(2) NOT NULL,   -- 3G, 4G or 5G
  vendor text NOT NULL,
  installed_on date NOT NULL,
  max_capacity_mbps integer        -- NULL: not recorded
);

CREATE TABLE onu_traffic (
  traffic_id integer PRIMARY KEY,
  cell_id varchar(16) NOT NULL REFERENCES cells (cell_id),
  hour timestamp NOT NULL,          -- start of the hour
  technology varchar(2) NOT NULL,   -- 3G, 4G or 5G
  uplink_volume double precision,   -- MB in the hour; NULL: counter missing
  downlink_volume double precision, -- MB in the hour; NULL: counter missing
  speedout double precision         -- Mbit/s
);

CREATE TABLE alarms (
  alarm_id integer PRIMARY KEY,
  cell_id varchar(16) NOT NULL REFERENCES cells (cell_id),
  raised_at timestamp NOT NULL,
  cleared_at timestamp,             -- NULL: still open
  severity text NOT NULL,           -- critical, major, minor
  alarm_type text NOT NULL
);

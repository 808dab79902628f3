-- Monthly 5G downlink volume per cell, with the share of the network total.
WITH monthly AS (
  SELECT c.cell_id,
         date_trunc('month', t.hour) AS month,
         sum(t.dl_volume_mb) AS dl_volume_mb
    FROM onu_traffic AS t
    JOIN cells AS c ON c.cell_id = t.cell_id
   WHERE t.technology = '5G'
     AND t.hour >= DATE '2024-01-01' AND t.hour < DATE '2024-07-01'
   GROUP BY c.cell_id, date_trunc('month', t.hour)
)
SELECT cell_id, month, dl_volume_mb,
       round(100.0 * dl_volume_mb / sum(dl_volume_mb) OVER (PARTITION BY month), 2) AS share_pct
  FROM monthly
 ORDER BY month, dl_volume_mb DESC;

-- Top ten cells by uplink volume per technology.
SELECT technology, cell_id, ul_total
  FROM (
    SELECT technology, cell_id, sum(ul_volume_mb) AS ul_total,
           rank() OVER (PARTITION BY technology ORDER BY sum(ul_volume_mb) DESC) AS position
      FROM onu_traffic
     GROUP BY technology, cell_id
  ) ranked
 WHERE position <= 10;

-- Alarms that lasted more than an hour, with the cell's region.
SELECT a.alarm_id, a.cell_id, c.region, a.severity,
       a.cleared_at - a.raised_at AS duration
  FROM alarms a
  LEFT JOIN cells c USING (cell_id)
 WHERE a.cleared_at IS NOT NULL
   AND a.cleared_at - a.raised_at > INTERVAL '1 hour'
 ORDER BY duration DESC
 LIMIT 100;

-- Hours where a cell carried traffic but raised a critical alarm.
SELECT t.cell_id, t.hour, t.dl_volume_mb + t.ul_volume_mb AS total_mb
  FROM onu_traffic t
 WHERE EXISTS (SELECT 1 FROM alarms a
                WHERE a.cell_id = t.cell_id AND a.severity = 'critical'
                  AND t.hour BETWEEN a.raised_at AND coalesce(a.cleared_at, now()));

-- Day-over-day change in downlink volume per region.
SELECT region, day, volume,
       volume - lag(volume) OVER (PARTITION BY region ORDER BY day) AS change
  FROM (SELECT c.region, t.hour::date AS day, sum(t.dl_volume_mb) AS volume
          FROM onu_traffic t JOIN cells c ON c.cell_id = t.cell_id
         GROUP BY c.region, t.hour::date) daily;

-- Cells without any 5G traffic in the last month.
SELECT c.cell_id, c.region
  FROM cells c
 WHERE NOT EXISTS (
   SELECT 1 FROM onu_traffic t
    WHERE t.cell_id = c.cell_id AND t.technology = '5G'
      AND t.hour >= date_trunc('month', now()) - INTERVAL '1 month');

-- Percentiles of hourly downlink volume per technology.
SELECT technology,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY dl_volume_mb) AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY dl_volume_mb) AS p95,
       max(dl_volume_mb) AS peak
  FROM onu_traffic
 GROUP BY technology
HAVING count(*) > 24;

-- Traffic by weekday and hour, as a matrix for a heat map.
SELECT extract(isodow FROM hour) AS weekday, extract(hour FROM hour) AS hour_of_day,
       sum(dl_volume_mb) FILTER (WHERE technology = '4G') AS lte_mb,
       sum(dl_volume_mb) FILTER (WHERE technology = '5G') AS nr_mb
  FROM onu_traffic
 GROUP BY 1, 2
 ORDER BY 1, 2;

-- A materialised summary, refreshed nightly.
CREATE TABLE IF NOT EXISTS monthly_cell_summary (
  cell_id text NOT NULL,
  month date NOT NULL,
  dl_volume_mb numeric(14, 2) NOT NULL DEFAULT 0,
  ul_volume_mb numeric(14, 2) NOT NULL DEFAULT 0,
  PRIMARY KEY (cell_id, month)
);

INSERT INTO monthly_cell_summary (cell_id, month, dl_volume_mb, ul_volume_mb)
SELECT cell_id, date_trunc('month', hour)::date, sum(dl_volume_mb), sum(ul_volume_mb)
  FROM onu_traffic
 GROUP BY 1, 2
ON CONFLICT (cell_id, month) DO UPDATE
   SET dl_volume_mb = EXCLUDED.dl_volume_mb, ul_volume_mb = EXCLUDED.ul_volume_mb;

-- Regions whose 5G share grew by more than ten points quarter on quarter.
WITH quarterly AS (
  SELECT c.region, date_trunc('quarter', t.hour) AS quarter,
         sum(t.dl_volume_mb) FILTER (WHERE t.technology = '5G') / nullif(sum(t.dl_volume_mb), 0) AS nr_share
    FROM onu_traffic t JOIN cells c ON c.cell_id = t.cell_id
   GROUP BY 1, 2
)
SELECT region, quarter, nr_share, nr_share - lag(nr_share) OVER w AS growth
  FROM quarterly
WINDOW w AS (PARTITION BY region ORDER BY quarter)
 ORDER BY growth DESC NULLS LAST;

-- Busy-hour per cell: the hour with the largest total volume.
SELECT DISTINCT ON (cell_id) cell_id, hour, dl_volume_mb + ul_volume_mb AS total_mb
  FROM onu_traffic
 ORDER BY cell_id, dl_volume_mb + ul_volume_mb DESC;

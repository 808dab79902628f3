-- wrk script: POST a three-statement SQL artefact to /v1/validate.
-- (http_throughput.sh checks once with curl that this body passes before it measures.)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"kind": "sql", "files": [{"path": "monthly.sql", "content": "SELECT date_trunc('month', hour) AS month, sum(dl_volume_mb)\nFROM onu_traffic WHERE technology = '5G'\nGROUP BY 1 ORDER BY 1;\nSELECT cell_id, count(*) FROM alarms WHERE severity = 'critical' GROUP BY cell_id;\nSELECT 1;"}]}]]

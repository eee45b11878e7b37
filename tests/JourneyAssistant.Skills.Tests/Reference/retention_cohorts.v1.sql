-- retention_cohorts version 1's SQL, kept as the reference its faster rewrite must equal (SkillSqlRewriteTests).
WITH acts AS (
  SELECT person_id, week_start
  FROM journey_events
  WHERE person_id IS NOT NULL AND ($basis = 'activity' OR is_conversion)
  GROUP BY person_id, week_start
),
firsts AS (
  SELECT person_id, min(week_start) AS cohort_week FROM acts GROUP BY person_id
),
cohorts AS (
  SELECT * FROM firsts WHERE cohort_week BETWEEN $period_start::DATE - 6 AND $period_end::DATE
),
sizes AS (
  SELECT cohort_week, count(*) AS cohort_people FROM cohorts GROUP BY cohort_week
),
kept AS (
  SELECT c.cohort_week, CAST(date_diff('day', c.cohort_week, a.week_start) / 7 AS INTEGER) AS week_offset, count(DISTINCT a.person_id) AS retained
  FROM cohorts c JOIN acts a USING (person_id)
  WHERE a.week_start >= c.cohort_week AND date_diff('day', c.cohort_week, a.week_start) <= 7 * $max_weeks
    AND a.week_start <= (SELECT max(week_start) FROM journey_events)
  GROUP BY c.cohort_week, week_offset
),
grid AS (
  SELECT s.cohort_week, s.cohort_people, CAST(o.week_offset AS INTEGER) AS week_offset
  FROM sizes s CROSS JOIN (SELECT unnest(range(0, $max_weeks + 1)) AS week_offset) o
  WHERE s.cohort_week + CAST(7 * o.week_offset AS INTEGER) <= (SELECT max(week_start) FROM journey_events)
),
cells AS (
  SELECT g.cohort_week, g.week_offset, g.cohort_people, coalesce(k.retained, 0) AS retained,
         coalesce(k.retained, 0) / g.cohort_people::DOUBLE AS retention_rate
  FROM grid g LEFT JOIN kept k USING (cohort_week, week_offset)
)
SELECT cohort_week, week_offset, cohort_people, retained, retention_rate,
       sum(retained) OVER (PARTITION BY week_offset) / sum(cohort_people) OVER (PARTITION BY week_offset)::DOUBLE AS avg_retention_at_offset
FROM cells
ORDER BY week_offset = 1 DESC, cohort_week, week_offset

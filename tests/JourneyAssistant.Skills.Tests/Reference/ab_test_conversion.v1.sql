-- ab_test_conversion version 1's SQL, kept as the reference its faster rewrite must equal (SkillSqlRewriteTests).
WITH tagged AS (
  SELECT person_id, occurred_at, local_date, json_extract_string(properties, '$.experiment') AS experiment, json_extract_string(properties, '$.variant') AS variant
  FROM journey_events
  WHERE person_id IS NOT NULL AND json_extract_string(properties, '$.experiment') IS NOT NULL AND json_extract_string(properties, '$.variant') IS NOT NULL
),
chosen AS (
  SELECT coalesce($experiment,
                  (SELECT experiment FROM tagged WHERE local_date BETWEEN $period_start::DATE AND $period_end::DATE
                   GROUP BY experiment ORDER BY count(DISTINCT person_id) DESC, experiment LIMIT 1)) AS experiment
),
exposure AS (
  SELECT t.person_id, t.experiment, arg_min(t.variant, t.occurred_at) AS variant, min(t.occurred_at) AS first_at, min(t.local_date) AS first_date
  FROM tagged t JOIN chosen c ON t.experiment = c.experiment
  GROUP BY t.person_id, t.experiment
),
outcome AS (
  SELECT x.experiment, x.variant, x.person_id,
         EXISTS (SELECT 1 FROM journey_events e
                 WHERE e.person_id = x.person_id AND e.is_conversion
                   AND e.occurred_at >= x.first_at AND e.occurred_at < x.first_at + to_days(CAST($window_days AS INTEGER))) AS converted
  FROM exposure x
  WHERE x.first_date BETWEEN $period_start::DATE AND $period_end::DATE
),
arms AS (
  SELECT experiment, variant, count(*) AS people, count(*) FILTER (WHERE converted) AS converters,
         count(*) FILTER (WHERE converted) / count(*)::DOUBLE AS rate
  FROM outcome GROUP BY experiment, variant
),
control AS (
  SELECT * FROM arms ORDER BY variant LIMIT 1
),
tested AS (
  SELECT a.experiment, a.variant, a.people, a.converters, a.rate,
         a.variant = c.variant AS is_control,
         a.rate - c.rate AS diff,
         sqrt(a.rate * (1 - a.rate) / a.people + c.rate * (1 - c.rate) / c.people) AS se,
         (a.converters + c.converters) / (a.people + c.people)::DOUBLE AS pooled,
         c.people AS control_people
  FROM arms a CROSS JOIN control c
),
scored AS (
  SELECT *,
         CASE WHEN NOT is_control AND pooled > 0 AND pooled < 1
              THEN diff / sqrt(pooled * (1 - pooled) * (1.0 / people + 1.0 / control_people)) END AS z
  FROM tested
),
-- Two-sided p = erfc(|z|/√2), Abramowitz–Stegun 7.1.26 (absolute error < 1.5e-7).
erfc AS (
  SELECT *, abs(z) / sqrt(2) AS x, 1 / (1 + 0.3275911 * abs(z) / sqrt(2)) AS t FROM scored
)
SELECT experiment, variant, people, converters, rate AS conversion_rate,
       CASE WHEN NOT is_control THEN diff END AS diff_vs_control,
       CASE WHEN NOT is_control THEN diff - 1.959964 * se END AS ci_low,
       CASE WHEN NOT is_control THEN diff + 1.959964 * se END AS ci_high,
       round(z, 3) AS z_score,
       round(p, 6) AS p_value,
       CASE WHEN p IS NULL THEN NULL WHEN p < 0.001 THEN 'p < 0.001' ELSE 'p = ' || printf('%.3f', p) END AS p_text
FROM (SELECT *, t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * exp(-x * x) AS p FROM erfc)
ORDER BY is_control, conversion_rate DESC, variant

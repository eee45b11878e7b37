-- Ordered touchpoint funnel: each step must happen after the previous one and within
-- $window_days of the person's first landing-page visit in the period.
WITH ev AS MATERIALIZED (
  SELECT person_id, touchpoint, event, local_date,
         epoch(occurred_at) AS ts -- seconds; plain numbers compare far faster than zone-aware timestamps
  FROM journey_events
  WHERE local_date BETWEEN $period_start::DATE AND $period_end::DATE + CAST($window_days AS INTEGER)
    AND person_id IS NOT NULL
    AND touchpoint IN ('landing_page', 'product_page', 'cart', 'checkout', 'payment')
    AND ($channel IS NULL OR person_id IN (SELECT person_id FROM people WHERE first_channel = $channel))
),
s1 AS MATERIALIZED (
  SELECT person_id, min(ts) AS t, min(ts) AS t0 FROM ev
  WHERE touchpoint = 'landing_page' AND local_date BETWEEN $period_start::DATE AND $period_end::DATE
  GROUP BY person_id
),
s2 AS MATERIALIZED (
  SELECT e.person_id, min(e.ts) AS t, any_value(p.t0) AS t0 FROM ev e JOIN s1 p USING (person_id)
  WHERE e.touchpoint = 'product_page' AND e.ts >= p.t AND e.ts < p.t0 + 86400 * CAST($window_days AS INTEGER)
  GROUP BY e.person_id
),
s3 AS MATERIALIZED (
  SELECT e.person_id, min(e.ts) AS t, any_value(p.t0) AS t0 FROM ev e JOIN s2 p USING (person_id)
  WHERE e.touchpoint = 'cart' AND e.ts >= p.t AND e.ts < p.t0 + 86400 * CAST($window_days AS INTEGER)
  GROUP BY e.person_id
),
s4 AS MATERIALIZED (
  SELECT e.person_id, min(e.ts) AS t, any_value(p.t0) AS t0 FROM ev e JOIN s3 p USING (person_id)
  WHERE e.touchpoint = 'checkout' AND e.ts >= p.t AND e.ts < p.t0 + 86400 * CAST($window_days AS INTEGER)
  GROUP BY e.person_id
),
s5 AS MATERIALIZED (
  SELECT e.person_id, min(e.ts) AS t, any_value(p.t0) AS t0 FROM ev e JOIN s4 p USING (person_id)
  WHERE e.touchpoint = 'payment' AND e.ts >= p.t AND e.ts < p.t0 + 86400 * CAST($window_days AS INTEGER)
  GROUP BY e.person_id
),
s6 AS MATERIALIZED (
  SELECT e.person_id, min(e.ts) AS t FROM ev e JOIN s5 p USING (person_id)
  WHERE e.event = 'payment_success' AND e.ts >= p.t AND e.ts < p.t0 + 86400 * CAST($window_days AS INTEGER)
  GROUP BY e.person_id
),
counts AS (
  SELECT 1 AS step, 'landing_page' AS touchpoint, (SELECT count(*) FROM s1) AS people
  UNION ALL SELECT 2, 'product_page', (SELECT count(*) FROM s2)
  UNION ALL SELECT 3, 'cart',         (SELECT count(*) FROM s3)
  UNION ALL SELECT 4, 'checkout',     (SELECT count(*) FROM s4)
  UNION ALL SELECT 5, 'payment',      (SELECT count(*) FROM s5)
  UNION ALL SELECT 6, 'paid',         (SELECT count(*) FROM s6)
),
steps AS (
  SELECT step, touchpoint, people, lead(people) OVER (ORDER BY step) AS next_people, first_value(people) OVER (ORDER BY step) AS entered
  FROM counts
)
SELECT step, touchpoint, people, next_people,
       people - next_people AS dropped,
       CASE WHEN people > 0 THEN (people - next_people) / people::DOUBLE END AS drop_rate,
       CASE WHEN entered > 0 THEN next_people / entered::DOUBLE END AS reach_next_rate
FROM steps
WHERE step <= 5
ORDER BY step

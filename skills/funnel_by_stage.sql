-- Stage funnel by depth: a person "reaches" a stage when, within $window_days of their first event in the
-- period, they have an event at that stage or a later one. Purchase is reached only by a conversion event;
-- a checkout/payment visit without paying counts as consideration.
WITH ev AS (
  SELECT e.person_id, epoch(e.occurred_at) AS ts, e.local_date,
         CASE WHEN e.stage = 'purchase' AND NOT e.is_conversion THEN 3 ELSE e.stage_order END AS depth
  FROM journey_events e
  WHERE e.local_date BETWEEN $period_start::DATE AND $period_end::DATE + CAST($window_days AS INTEGER)
    AND ($channel IS NULL OR e.person_id IN (SELECT person_id FROM people WHERE first_channel = $channel))
),
entry AS (
  SELECT person_id, min(ts) AS t0 FROM ev
  WHERE local_date BETWEEN $period_start::DATE AND $period_end::DATE
  GROUP BY person_id
),
deepest AS (
  SELECT e.person_id, max(e.depth) AS depth
  FROM ev e JOIN entry n USING (person_id)
  WHERE e.ts >= n.t0 AND e.ts < n.t0 + 86400 * CAST($window_days AS INTEGER)
  GROUP BY e.person_id
),
stages AS (
  SELECT * FROM (VALUES (1, 'awareness'), (2, 'interest'), (3, 'consideration'), (4, 'purchase'), (5, 'retention'), (6, 'advocacy')) AS s(stage_order, stage)
),
reached AS (
  SELECT s.stage_order, s.stage, count(d.person_id) AS people
  FROM stages s LEFT JOIN deepest d ON d.depth >= s.stage_order
  GROUP BY s.stage_order, s.stage
),
steps AS (
  SELECT stage_order, stage, people, lead(people) OVER (ORDER BY stage_order) AS next_people FROM reached
)
SELECT stage_order AS step, stage, people, next_people,
       people - next_people AS dropped,
       CASE WHEN people > 0 THEN (people - next_people) / people::DOUBLE END AS drop_rate
FROM steps
ORDER BY stage_order

-- One row per journey stage: people with an event at that stage, the share of them who later reached a later stage,
-- the three touchpoints reaching most people there, and the NPS of survey responses rating that stage's touchpoints.
WITH ev AS (
  SELECT person_id, stage, stage_order, touchpoint, occurred_at
  FROM journey_events
  WHERE local_date BETWEEN $period_start::DATE AND $period_end::DATE
    AND person_id IS NOT NULL AND stage_order IS NOT NULL
),
ps AS (
  SELECT person_id, stage, stage_order, min(occurred_at) AS first_at FROM ev GROUP BY person_id, stage, stage_order
),
last_later AS (
  -- For each person and stage: did any event at a later stage happen after their first event at this stage?
  SELECT p.person_id, p.stage, bool_or(e.occurred_at >= p.first_at) AS moved_on
  FROM ps p JOIN ev e ON e.person_id = p.person_id AND e.stage_order > p.stage_order
  GROUP BY p.person_id, p.stage
),
stage_people AS (
  SELECT p.stage, min(p.stage_order) AS stage_order, count(*) AS people,
         count(*) FILTER (WHERE l.moved_on) AS moved_on
  FROM ps p LEFT JOIN last_later l USING (person_id, stage)
  GROUP BY p.stage
),
tp AS (
  SELECT e.stage, e.touchpoint, count(DISTINCT e.person_id) AS people
  FROM ev e WHERE e.touchpoint IS NOT NULL GROUP BY e.stage, e.touchpoint
),
tp_ranked AS (
  SELECT t.*, coalesce(d.label_zh, t.touchpoint) AS label_zh, coalesce(d.label_en, t.touchpoint) AS label_en,
         row_number() OVER (PARTITION BY t.stage ORDER BY t.people DESC, t.touchpoint) AS rank
  FROM tp t LEFT JOIN dim_touchpoints d ON d.id = t.touchpoint
),
tops AS (
  SELECT stage,
         string_agg(label_zh, '、' ORDER BY rank) AS top_touchpoints_zh,
         string_agg(label_en, ', ' ORDER BY rank) AS top_touchpoints_en
  FROM tp_ranked WHERE rank <= 3 GROUP BY stage
),
nps AS (
  SELECT d.stage, count(*) AS responses,
         round(100.0 * (count(*) FILTER (WHERE s.nps >= 9) - count(*) FILTER (WHERE s.nps <= 6)) / count(*), 1) AS nps
  FROM survey_responses s JOIN dim_touchpoints d ON d.id = s.touchpoint
  WHERE s.local_date BETWEEN $period_start::DATE AND $period_end::DATE AND s.nps IS NOT NULL
  GROUP BY d.stage
)
SELECT sp.stage, sp.people,
       CASE WHEN sp.stage_order < (SELECT max(stage_order) FROM stage_people) THEN sp.moved_on / sp.people::DOUBLE END AS next_stage_rate,
       t.top_touchpoints_zh, t.top_touchpoints_en,
       n.nps, coalesce(n.responses, 0) AS responses
FROM stage_people sp
LEFT JOIN tops t USING (stage)
LEFT JOIN nps n USING (stage)
ORDER BY sp.stage_order

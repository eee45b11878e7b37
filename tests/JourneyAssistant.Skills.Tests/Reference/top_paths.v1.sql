-- top_paths version 1's SQL, kept as the reference its faster rewrite must equal (SkillSqlRewriteTests).
WITH ev AS (
  SELECT person_id, touchpoint, occurred_at, event_key, is_conversion,
         lag(touchpoint) OVER (PARTITION BY person_id ORDER BY occurred_at, event_key) AS prev_touchpoint
  FROM journey_events
  WHERE local_date BETWEEN $period_start::DATE AND $period_end::DATE AND touchpoint IS NOT NULL
),
steps AS (
  SELECT person_id, touchpoint, occurred_at, event_key,
         row_number() OVER (PARTITION BY person_id ORDER BY occurred_at, event_key) AS step
  FROM ev
  WHERE prev_touchpoint IS NULL OR prev_touchpoint <> touchpoint
),
labelled AS (
  SELECT s.person_id, s.step, s.touchpoint, coalesce(t.label_zh, s.touchpoint) AS label_zh, coalesce(t.label_en, s.touchpoint) AS label_en
  FROM steps s LEFT JOIN dim_touchpoints t ON t.id = s.touchpoint
  WHERE s.step <= $max_steps
),
paths AS (
  SELECT person_id,
         string_agg(touchpoint, ' > ' ORDER BY step) AS path,
         string_agg(label_zh, ' → ' ORDER BY step) AS path_zh,
         string_agg(label_en, ' → ' ORDER BY step) AS path_en,
         count(*) AS steps
  FROM labelled GROUP BY person_id
),
outcome AS (
  SELECT person_id, bool_or(is_conversion) AS converted FROM ev GROUP BY person_id
),
scoped AS (
  SELECT p.*, o.converted FROM paths p JOIN outcome o USING (person_id)
  WHERE NOT $converted_only OR o.converted
)
SELECT path, path_zh, path_en, any_value(steps) AS steps,
       count(*) AS people,
       count(*) / (SELECT count(*) FROM scoped)::DOUBLE AS share,
       count(*) FILTER (WHERE converted) / count(*)::DOUBLE AS conversion_rate
FROM scoped
GROUP BY path, path_zh, path_en
ORDER BY people DESC, path
LIMIT $top_n

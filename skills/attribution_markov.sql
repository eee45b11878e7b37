-- Journeys for the Markov model: one per person active in the period — the channels of their pre-purchase touches
-- (awareness/interest/consideration) in time order up to their first conversion in the period, consecutive repeats
-- merged. The markov_removal transform builds the transition matrix from these paths and solves it exactly.
-- Events with no person are no one's journey. Each person's touches are one sorted list rather than a window over every
-- event (issue 17: 10M events).
WITH ev AS (
  SELECT person_id, channel, occurred_at, event_key, is_conversion, amount
  FROM journey_events
  WHERE local_date BETWEEN $period_start::DATE AND $period_end::DATE AND channel IS NOT NULL AND person_id IS NOT NULL
    AND (is_conversion OR stage_order <= 3)
),
first_conv AS (
  SELECT person_id, min(struct_pack(t := occurred_at, k := event_key, c := channel, a := coalesce(amount, 0)::DOUBLE)) AS conv
  FROM ev WHERE is_conversion GROUP BY person_id
),
touches AS (
  SELECT person_id, list_sort(list(struct_pack(t := occurred_at, k := event_key, c := channel))) AS touches
  FROM ev WHERE NOT is_conversion GROUP BY person_id
),
journeys AS (
  SELECT list_transform(list_filter(t.touches, e -> c.conv IS NULL OR e.t <= c.conv.t), e -> e.c) AS channels, c.conv
  FROM touches t FULL OUTER JOIN first_conv c USING (person_id)
)
SELECT CASE WHEN len(channels) > 0 THEN array_to_string(list_filter(channels, (ch, i) -> i = 1 OR ch <> channels[i - 1]), '>')
            ELSE conv.c END AS path,
       count(*) AS journeys, count(conv) AS conversions, sum(coalesce(conv.a, 0)) AS revenue
FROM journeys
WHERE len(channels) > 0 OR conv IS NOT NULL
GROUP BY path
ORDER BY journeys DESC, path

-- Journeys for the Markov model: one per person active in the period — the channels of their pre-purchase touches
-- (awareness/interest/consideration) in time order up to their first conversion in the period, consecutive repeats
-- merged. The markov_removal transform builds the transition matrix from these paths and solves it exactly.
WITH ev AS (
  SELECT person_id, channel, occurred_at, event_key, is_conversion, stage_order, coalesce(amount, 0)::DOUBLE AS amount
  FROM journey_events
  WHERE local_date BETWEEN $period_start::DATE AND $period_end::DATE AND channel IS NOT NULL
),
first_conv AS (
  SELECT person_id, min(occurred_at) AS conv_at, arg_min(channel, occurred_at) AS conv_channel,
         arg_min(amount, occurred_at) AS amount
  FROM ev WHERE is_conversion GROUP BY person_id
),
touches AS (
  SELECT e.person_id, e.channel, e.occurred_at, e.event_key
  FROM ev e LEFT JOIN first_conv c USING (person_id)
  WHERE NOT e.is_conversion AND e.stage_order <= 3 AND (c.conv_at IS NULL OR e.occurred_at <= c.conv_at)
),
merged AS (
  SELECT person_id, channel, occurred_at, event_key,
         lag(channel) OVER (PARTITION BY person_id ORDER BY occurred_at, event_key) AS prev_channel
  FROM touches
),
paths AS (
  SELECT person_id, string_agg(channel, '>' ORDER BY occurred_at, event_key) AS path
  FROM merged WHERE prev_channel IS NULL OR prev_channel <> channel
  GROUP BY person_id
),
journeys AS (
  SELECT coalesce(p.person_id, c.person_id) AS person_id,
         coalesce(p.path, c.conv_channel) AS path,
         c.person_id IS NOT NULL AS converted,
         coalesce(c.amount, 0) AS amount
  FROM paths p FULL OUTER JOIN first_conv c USING (person_id)
)
SELECT path, count(*) AS journeys, count(*) FILTER (WHERE converted) AS conversions, sum(amount) AS revenue
FROM journeys
GROUP BY path
ORDER BY journeys DESC, path

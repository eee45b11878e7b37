namespace JourneyAssistant.Skills.Tests;

/// <summary>Skill YAML used by the tests; written to scratch folders so the library in skills/ stays independent.</summary>
internal static class TestSkills
{
    public const string ConversionByChannel = """
        id: conversion_by_channel
        version: 1
        owner: test
        title: { zh: 各渠道转化率, en: Conversion by channel }
        description: { zh: 每个渠道的触达人数与转化人数, en: People reached and converted per channel }
        definitions: { zh: 转化 = 支付成功或门店购买, en: Conversion = payment success or store purchase }
        examples:
          zh: [各渠道转化率, 哪个渠道转化最好, 渠道转化对比]
          en: [Conversion by channel, Which channel converts best?, Compare channel conversion]
        parameters:
          - name: period
            type: date_range
            default: last_30_days
            description: { zh: 时间范围, en: Date range }
          - name: channel
            type: enum
            values_from: channel
            description: { zh: 渠道, en: Channel }
        sql: |
          SELECT channel,
                 count(DISTINCT person_id) AS people,
                 count(DISTINCT person_id) FILTER (WHERE is_conversion) AS buyers,
                 count(DISTINCT person_id) FILTER (WHERE is_conversion) / count(DISTINCT person_id) AS conversion_rate,
                 coalesce(sum(amount), 0) AS revenue
          FROM journey_events
          WHERE local_date BETWEEN $period_start AND $period_end
            AND ($channel IS NULL OR channel = $channel)
          GROUP BY channel
          ORDER BY channel
        columns:
          - { name: channel, role: dimension, dictionary: channel, label: { zh: 渠道, en: Channel } }
          - { name: people, role: count, label: { zh: 人数, en: People } }
          - { name: buyers, role: count, label: { zh: 购买人数, en: Buyers } }
          - { name: conversion_rate, role: percent, label: { zh: 转化率, en: Conversion rate } }
          - { name: revenue, role: currency, label: { zh: 收入, en: Revenue } }
        chart: { kind: bar, x: channel, y: conversion_rate }
        focus: { by: conversion_rate, order: desc }
        answer:
          zh: 转化率最高的渠道是{focus.channel}（{focus.conversion_rate}，{focus.buyers}/{focus.people} 人），其次是{second.channel}（{second.conversion_rate}）。统计期：{period}，渠道：{param.channel}，共 {rows} 个渠道，总收入 {total.revenue}。
          en: "{focus.channel} converts best ({focus.conversion_rate}, {focus.buyers} of {focus.people} people), then {second.channel} ({second.conversion_rate}). Period: {period}; channel: {param.channel}; {rows} channels, revenue {total.revenue}."
        empty: { zh: "{period} 没有渠道数据。", en: "No channel data for {period}." }
        recommendations:
          - when:
              - { row: focus, column: channel, op: in, value: [store, website] }
              - { row: focus, column: conversion_rate, op: ">=", value: 0.5 }
            action: { zh: "把{focus.channel}的做法复制到其他渠道。", en: "Copy what works at {focus.channel} to the other channels." }
            metric: { zh: 各渠道转化率, en: conversion rate by channel }
            owner: { zh: 渠道经理, en: Channel manager }
          - when:
              - { row: any, column: conversion_rate, op: "==", value: 0 }
            action: { zh: 有渠道零转化：检查落地页与追踪埋点。, en: "A channel converts nobody: check its landing page and tracking." }
            metric: { zh: 零转化渠道数, en: channels with zero conversion }
          - when:
              - { row: total, column: revenue, op: "<", value: 1 }
            action: { zh: 不应出现, en: should not appear }
            metric: { zh: 无, en: none }
          - always: true
            action: { zh: 每周复盘渠道转化。, en: Review channel conversion weekly. }
            metric: { zh: 转化率, en: conversion rate }
        tests:
          - name: store converts best in November
            arguments: { period: 2026-11-01..2026-11-30 }
            expect:
              min_rows: 2
              focus: { channel: store }
              columns: { conversion_rate: { between: [0.9, 1.0] } }
        """;
}

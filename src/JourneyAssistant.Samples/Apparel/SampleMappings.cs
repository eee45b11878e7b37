using JourneyAssistant.Samples.Simulation;

namespace JourneyAssistant.Samples.Apparel;

/// <summary>The mapping files (docs/MAPPING-FORMAT.md) for the generator's raw exports; written next to the data so both always match.</summary>
public static class SampleMappings
{
    /// <summary>File name → YAML text.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["ads.yaml"] = """
            # Ad platform export (Douyin, WeChat Moments, Baidu search): UTC timestamps with Z, one row per impression or click.
            source: ads
            format: csv
            files: "ads_export*.csv"
            timestamp:
              column: event_time
              format: iso
              zone: UTC
            constants:
              touchpoint: ad
            columns:
              event_id: log_id
              event: event_type
              channel: platform
              region: region
              campaign: campaign
            identifiers:
              cookie_id: cookie_id
              device_id: device_id
            event_aliases: { impression: ad_impression, click: ad_click }
            channel_aliases: { "抖音": douyin, "朋友圈广告": wechat_moments, "百度搜索": search }
            properties: [campaign_id, cost]
            """,
        ["web_analytics.yaml"] = """
            # Website tag-manager log: ISO timestamps, some +08:00 and some Z; member_id only after login.
            source: web_analytics
            format: csv
            files: "web_analytics*.csv"
            unknown_names: reject          # our own tag manager: an event we don't know is noise (heartbeats), not a new name
            timestamp:
              column: ts
              format: iso
              zone: Asia/Shanghai
            constants:
              channel: website
            columns:
              event_id: hit_id
              event: event
              touchpoint: page_type
              stage: funnel_stage
              amount: order_amount
              region: region
            identifiers:
              cookie_id: cookie_id
              member_id: member_id
            event_aliases: { pageview: page_view, view_item: product_view, chat_start: consult_start, add_cart: add_to_cart, begin_checkout: checkout_start, order_create: checkout_start, pay_start: payment_start, pay_success: payment_success, rating_submit: review_post }
            touchpoint_aliases: { landing: landing_page, home: landing_page, product: product_page, consult: consultation, cart: cart, checkout: checkout, payment: payment, review: referral }
            properties: [page_url, utm_source, experiment, variant]
            drop: [user_agent, ip]
            """,
        ["mini_program.yaml"] = """
            # WeChat mini-program SDK events (JSON Lines): naive Beijing time with milliseconds, openid + unionid.
            source: mini_program
            format: jsonl
            files: "miniprogram_events*.jsonl"
            timestamp:
              column: event_time
              format: iso
              zone: Asia/Shanghai
            constants:
              channel: mini_program
            columns:
              event_id: event_id
              event: event_name
              touchpoint: page
              amount: amount
              region: region
            identifiers:
              openid: wechat_openid
              unionid: wechat_unionid
              device_id: device_id
            event_aliases: { mp_page_enter: page_view, goods_detail_view: product_view, contact_service: consult_start, cart_add: add_to_cart, submit_order: checkout_start, cashier_view: payment_start, pay_success: payment_success, share_app_message: referral_share }
            channel_aliases: { "小程序": mini_program }
            touchpoint_aliases: { "pages/index/index": landing_page, "pages/goods/detail": product_page, "pages/service/chat": consultation, "pages/cart/cart": cart, "pages/order/confirm": checkout, "pages/pay/cashier": payment, "pages/pay/result": payment, "pages/share/poster": referral }
            properties: [scene, sku, experiment, variant]
            """,
        ["store_pos.yaml"] = """
            # Store POS transactions: naive local time "2026/11/09 14:03:22"; phone typed in many styles; 400-800-1234 is the store's own line.
            source: store_pos
            format: csv
            files: "pos_transactions*.csv"
            timestamp:
              column: txn_time
              format: "%Y/%m/%d %H:%M:%S"
              zone: Asia/Shanghai
            constants:
              channel: store
              touchpoint: store_pos
              event: store_purchase
            columns:
              event_id: txn_no
              amount: amount
              region: store_region
            identifiers:
              member_card: member_id
              phone: phone
            properties: [store_id, store_name, items, payment_method]
            drop: [cashier]
            """,
        ["crm.yaml"] = """
            # CRM member list: one row per member; each row is a member_register event and links member ↔ phone ↔ unionid.
            source: crm
            format: csv
            files: "crm_members*.csv"
            timestamp:
              column: register_time
              format: iso
              zone: Asia/Shanghai
            constants:
              event: member_register
              touchpoint: member_center
            columns:
              channel: register_channel
              region: region
            event_id_from: [member_id]
            identifiers:
              member_id: member_id
              phone: phone
              wechat_unionid: wechat_unionid
            properties: [level]
            """,
        ["service_tickets.yaml"] = """
            # Service desk: one row per ticket open (created) and resolve (resolved); service channel 电话 / 在线客服 / 企业微信.
            source: service_tickets
            format: csv
            files: "service_tickets*.csv"
            timestamp:
              column: event_time
              format: iso
              zone: Asia/Shanghai
            constants:
              touchpoint: after_sales
            columns:
              event: action
              channel: service_channel
              region: region
            event_id_from: [ticket_id, action]
            identifiers:
              phone: phone
              member_id: member_id
            event_aliases: { created: ticket_open, resolved: ticket_resolve }
            properties: [ticket_id, category, agent_group]
            """,
        ["nps_survey.yaml"] = """
            # NPS / CSAT survey responses: unix-second timestamps; rated_touchpoint is the touchpoint being rated; free-text comments.
            source: nps_survey
            format: csv
            files: "nps_survey*.csv"
            timestamp:
              column: submitted_at
              format: unix_s
              zone: UTC
            constants:
              event: nps_response
            columns:
              event_id: response_id
              touchpoint: rated_touchpoint
              channel: survey_channel
              region: region
            identifiers:
              member_id: member_id
              phone: phone
            properties: [nps, csat, comment]
            """,
        ["official_account.yaml"] = """
            # Official-account article reads and shares: ISO timestamps with +08:00; the account's own openid plus unionid.
            source: official_account
            format: csv
            files: "oa_article_reads*.csv"
            timestamp:
              column: read_time
              format: iso
              zone: Asia/Shanghai
            constants:
              channel: official_account
            columns:
              event: action
              region: region
            event_id_from: [openid, msg_id, action, read_time]
            identifiers:
              openid: wechat_openid
              unionid: wechat_unionid
            event_aliases: { read: content_view, share: referral_share }
            properties: [msg_id, article_title]
            """,
    };

    /// <summary>Writes every mapping into <paramref name="directory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var (name, yaml) in All)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, yaml.ReplaceLineEndings("\n") + "\n", new System.Text.UTF8Encoding(false));
            paths.Add(path);
        }

        return paths;
    }
}

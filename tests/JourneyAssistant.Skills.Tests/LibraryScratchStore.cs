using DuckDB.NET.Data;
using JourneyAssistant.Store.Schema;

namespace JourneyAssistant.Skills.Tests;

/// <summary>
/// An in-memory DuckDB whose tables carry the names and columns of the documented analysis views (docs/ARCHITECTURE.md),
/// filled with a few thousand generated journeys (channels with different quality, repurchases, a Double-11 spike, tickets,
/// surveys with zh/en comments, an A/B test), so every library skill's SQL can be executed before the sample store exists.
/// </summary>
public sealed class LibraryScratchStore : IDisposable
{
    public LibraryScratchStore()
    {
        Connection = new DuckDBConnection("Data Source=:memory:");
        Connection.Open();
        using var command = Connection.CreateCommand();
        command.CommandText = Seed;
        command.ExecuteNonQuery();
        // The journey profile is derived by the store's own code, from these events under the raw table's name.
        command.CommandText = "CREATE VIEW touchpoint_events AS SELECT * FROM journey_events;\n"
            + "CREATE VIEW dict_touchpoints AS SELECT id, NULL::INTEGER AS funnel_step FROM dim_touchpoints;\n" + JourneyProfile.TableSql;
        command.ExecuteNonQuery();
        JourneyProfile.RefreshAsync(Connection).GetAwaiter().GetResult();
        command.CommandText = "DROP VIEW touchpoint_events; DROP VIEW dict_touchpoints; CREATE VIEW journey_profile AS SELECT kind, id, position, people, share, lead_seconds FROM journey_profile_rows;";
        command.ExecuteNonQuery();
    }

    public DuckDBConnection Connection { get; }

    public void Dispose() => Connection.Dispose();

    private const string Seed = """
        SELECT setseed(0.42);
        CREATE TABLE dim_channels AS SELECT * FROM (VALUES
         ('douyin','抖音','Douyin','paid'),('wechat_moments','朋友圈','WeChat Moments','paid'),('search','搜索','Search','paid'),
         ('mini_program','小程序','Mini Program','owned'),('official_account','公众号','Official Account','owned'),('website','官网','Website','owned'),
         ('app','APP','App','owned'),('store','门店','Store','offline'),('phone','电话','Phone','service'),('wecom','企业微信','WeCom','service'),('online_chat','在线客服','Online chat','service')) t(id,label_zh,label_en,kind);
        CREATE TABLE dim_stages AS SELECT * FROM (VALUES ('awareness','认知','Awareness',1),('interest','兴趣','Interest',2),('consideration','考虑','Consideration',3),('purchase','购买','Purchase',4),('retention','留存','Retention',5),('advocacy','推荐','Advocacy',6)) t(id,label_zh,label_en,"order");
        CREATE TABLE dim_touchpoints AS SELECT * FROM (VALUES
         ('ad','广告','Ad','awareness',1),('content','内容文章','Content','interest',2),('landing_page','落地页','Landing page','interest',3),
         ('product_page','商品详情页','Product page','consideration',4),('consultation','咨询','Consultation','consideration',5),('cart','购物车','Cart','consideration',6),
         ('checkout','结算页','Checkout','purchase',7),('payment','支付页','Payment page','purchase',8),('store_pos','门店收银','Store POS','purchase',9),
         ('member_center','会员中心','Member centre','retention',10),('after_sales','售后服务','After-sales','retention',11),('nps_survey','满意度调研','NPS survey','advocacy',12),('referral','推荐分享','Referral','advocacy',13)) t(id,label_zh,label_en,stage,"order");
        CREATE TABLE dim_events AS SELECT * FROM (VALUES ('payment_success','支付成功','Payment success','purchase','payment'),('store_purchase','门店购买','Store purchase','purchase','store_pos')) t(id,label_zh,label_en,stage,touchpoint);

        CREATE TABLE chq AS SELECT * FROM (VALUES ('douyin',0.30,0.55),('wechat_moments',0.45,0.15),('search',0.60,0.10),('mini_program',0.70,0.20),('official_account',0.62,0.08),('website',0.62,0.07),('app',0.75,0.05)) t(channel,q,w);
        CREATE TABLE ppl AS
         SELECT i AS person_id,
           CASE WHEN r < 0.30 THEN 'douyin' WHEN r < 0.45 THEN 'wechat_moments' WHEN r < 0.55 THEN 'search' WHEN r < 0.78 THEN 'mini_program' WHEN r < 0.86 THEN 'official_account' WHEN r < 0.95 THEN 'website' ELSE 'app' END AS channel,
           TIMESTAMPTZ '2026-08-01 02:00:00+00' + to_seconds(CAST(floor(random()*113*86400) AS BIGINT)) AS t0,
           CASE WHEN random()<0.5 THEN 'A' ELSE 'B' END AS variant,
           (['华东','华南','华北','西南'])[1+CAST(floor(random()*4) AS INT)] AS region
         FROM (SELECT i, random() AS r FROM range(1,4001) t(i));
        CREATE TABLE steps AS SELECT * FROM (VALUES (1,'ad_impression','ad','awareness',1,1,1.0),(2,'content_view','content','interest',2,2,0.8),(3,'page_view','landing_page','interest',3,2,0.85),
         (4,'product_view','product_page','consideration',4,3,0.8),(5,'add_to_cart','cart','consideration',6,3,0.6),(6,'checkout_start','checkout','purchase',7,4,0.8),(7,'payment_start','payment','purchase',8,4,0.9),(8,'payment_success','payment','purchase',8,4,0.35)) t(k,event,touchpoint,stage,tp_order,st_order,p);
        CREATE TABLE draws AS
         SELECT p.person_id, s.*, p.channel, p.t0, p.variant, p.region,
           random() < s.p * CASE WHEN s.k=8 AND p.variant='B' THEN 1.35 ELSE 1 END
                           * CASE WHEN s.k=8 AND p.channel='mini_program' AND p.t0 >= TIMESTAMPTZ '2026-11-15 16:00:00+00' THEN 0.4 ELSE 1 END
                           * CASE WHEN s.k>=4 THEN (SELECT q FROM chq WHERE chq.channel=p.channel)/0.6 ELSE 1 END AS pass
         FROM ppl p CROSS JOIN steps s;
        CREATE TABLE ev0 AS
         SELECT person_id, k, event, touchpoint, stage, tp_order, st_order,
           CASE WHEN k<=2 THEN channel WHEN k=3 AND channel IN ('douyin','wechat_moments','search') THEN 'mini_program' ELSE CASE WHEN channel IN ('douyin','wechat_moments','search') THEN 'mini_program' ELSE channel END END AS channel,
           t0 + to_seconds(CAST(k*3600*(1+random()*20) AS BIGINT)) AS occurred_at, variant, region
         FROM (SELECT *, bool_and(pass) OVER (PARTITION BY person_id ORDER BY k) AS reached FROM draws) WHERE reached;
        -- repurchases for ~25% of buyers
        INSERT INTO ev0 SELECT person_id, 8, 'payment_success','payment','purchase',8,4,'mini_program', occurred_at + to_days(CAST(20+random()*40 AS INT)), variant, region
         FROM ev0 WHERE event='payment_success' AND random()<0.25;
        -- store purchases
        INSERT INTO ev0 SELECT person_id, 9, 'store_purchase','store_pos','purchase',9,4,'store', t0 + INTERVAL 3 DAY, variant, region FROM ppl WHERE random()<0.05;
        -- double 11 spike
        INSERT INTO ev0 SELECT person_id, 8, 'payment_success','payment','purchase',8,4,'app', TIMESTAMPTZ '2026-11-11 04:00:00+00' + to_seconds(CAST(random()*50000 AS BIGINT)), variant, region FROM ppl WHERE random()<0.04;
        -- consultations and service touches
        INSERT INTO ev0 SELECT person_id, 5, 'consult_start','consultation','consideration',5,3,'online_chat', t0 + INTERVAL 5 HOUR, variant, region FROM ppl WHERE random()<0.1;
        CREATE TABLE journey_events AS
         SELECT row_number() OVER () AS event_key, e.person_id, 'synthetic' AS source, e.channel, c.kind AS channel_kind, e.touchpoint, e.tp_order AS touchpoint_order, e.event, e.stage, e.st_order AS stage_order,
           e.event IN ('payment_success','store_purchase') AS is_conversion, e.occurred_at,
           (e.occurred_at AT TIME ZONE 'Asia/Shanghai') AS local_time, CAST(e.occurred_at AT TIME ZONE 'Asia/Shanghai' AS DATE) AS local_date,
           hour(e.occurred_at AT TIME ZONE 'Asia/Shanghai') AS local_hour,
           strftime(CAST(e.occurred_at AT TIME ZONE 'Asia/Shanghai' AS DATE), '%G-W%V') AS iso_week,
           CAST(date_trunc('week', CAST(e.occurred_at AT TIME ZONE 'Asia/Shanghai' AS DATE)) AS DATE) AS week_start,
           CAST(date_trunc('month', CAST(e.occurred_at AT TIME ZONE 'Asia/Shanghai' AS DATE)) AS DATE) AS month_start,
           CASE WHEN e.event IN ('payment_success','store_purchase') THEN CAST(round(80+random()*400,2) AS DECIMAL(18,2)) END AS amount,
           e.region, CASE WHEN e.channel='douyin' THEN 'd11_warmup' END AS campaign,
           CASE WHEN e.k>=6 AND e.k<=8 THEN json_object('experiment','checkout_v2','variant',e.variant) ELSE json_object() END AS properties
         FROM ev0 e JOIN dim_channels c ON c.id=e.channel;
        CREATE TABLE people AS SELECT person_id, min(occurred_at) first_seen, max(occurred_at) last_seen, min(local_date) first_local_date, max(local_date) last_local_date,
           arg_min(channel, occurred_at) first_channel, any_value(region) region, 2 identifier_count, random()<0.4 has_member_id, random()<0.5 has_phone, random()<0.7 has_wechat, random()<0.6 has_cookie
         FROM journey_events GROUP BY person_id;
        CREATE TABLE orders AS SELECT event_key, person_id, channel, touchpoint, region, occurred_at, local_date, iso_week, week_start, amount,
           row_number() OVER (PARTITION BY person_id ORDER BY occurred_at) AS order_seq FROM journey_events WHERE is_conversion;
        CREATE TABLE tickets AS SELECT 'T'||i AS ticket_id, 1+CAST(floor(random()*4000) AS INT) AS person_id, sc AS service_channel, '华东' region,
           o AS opened_at, CASE WHEN random()<0.9 THEN o + to_seconds(CAST(h*3600 AS BIGINT)) END AS resolved_at,
           CAST(o AT TIME ZONE 'Asia/Shanghai' AS DATE) open_local_date, strftime(CAST(o AT TIME ZONE 'Asia/Shanghai' AS DATE), '%G-W%V') iso_week,
           h AS resolution_hours, true AS is_resolved, (['refund','delivery','quality','account'])[1+CAST(floor(random()*4) AS INT)] category
         FROM (SELECT i, (['phone','wecom','online_chat'])[1+(i%3)] sc, TIMESTAMPTZ '2026-08-01 02:00:00+00' + to_seconds(CAST(floor(random()*113*86400) AS BIGINT)) o,
           CASE (i%3) WHEN 0 THEN 10+random()*60 ELSE 1+random()*12 END h FROM range(1,601) t(i));
        UPDATE tickets SET resolution_hours = NULL WHERE resolved_at IS NULL;
        UPDATE tickets SET is_resolved = resolved_at IS NOT NULL;
        CREATE TABLE survey_responses AS SELECT 900000+i AS event_key, 1+CAST(floor(random()*4000) AS INT) person_id, tp AS touchpoint, 'mini_program' channel, '华东' region,
           o occurred_at, CAST(o AT TIME ZONE 'Asia/Shanghai' AS DATE) local_date, strftime(CAST(o AT TIME ZONE 'Asia/Shanghai' AS DATE), '%G-W%V') iso_week,
           n AS nps, greatest(1, least(5, CAST(round(n/2.0) AS INT))) csat,
           CASE WHEN n<=6 THEN (['客服回复太慢了','退款一直没到账','物流太慢','The app keeps crashing at payment','refund took forever','态度很差，等了很久','price too high','质量一般'])[1+CAST(floor(random()*8) AS INT)] ELSE (['很好','不错','great service',NULL])[1+CAST(floor(random()*4) AS INT)] END AS comment
         FROM (SELECT i, (['after_sales','payment','member_center','store_pos','product_page'])[1+(i%5)] tp, TIMESTAMPTZ '2026-08-01 02:00:00+00' + to_seconds(CAST(floor(random()*113*86400) AS BIGINT)) o,
           CASE WHEN i%5=0 THEN CAST(floor(random()*8) AS INT) ELSE CAST(floor(3+random()*8) AS INT) END n FROM range(1,1201) t(i));
        CREATE TABLE identity_coverage AS SELECT * FROM (VALUES ('user_id',3000,2900,0),('phone',2500,2400,12),('wechat_openid',2800,2700,3),('cookie_id',5000,2600,40),('member_id',1600,1600,0),('device_id',900,850,5),('wechat_unionid',1200,1150,0)) t(id_type,identifiers,persons,shared_identifiers);
        DROP TABLE chq; DROP TABLE ppl; DROP TABLE steps; DROP TABLE draws; DROP TABLE ev0;
        """;
}

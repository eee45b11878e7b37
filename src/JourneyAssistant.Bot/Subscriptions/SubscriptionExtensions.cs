using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace JourneyAssistant.Bot.Subscriptions;

/// <summary>Registration of weekly-summary subscriptions: store, command desk, summary source and the scheduler.</summary>
public static class SubscriptionExtensions
{
    /// <summary>Adds subscriptions. Channel senders (<see cref="IProactiveSender"/>) come from AddWeCom() and the Teams part.</summary>
    public static IHostApplicationBuilder AddSubscriptions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var reportingZone = builder.Configuration["Store:ReportingTimeZone"];
        services.AddOptions<SubscriptionOptions>()
            .Bind(builder.Configuration.GetSection(SubscriptionOptions.SectionName))
            .PostConfigure(o => o.TimeZone = string.IsNullOrWhiteSpace(o.TimeZone) ? reportingZone ?? "Asia/Shanghai" : o.TimeZone)
            .Validate(o => Cronos.CronExpression.TryParse(o.DefaultCron, out _), "Subscriptions:DefaultCron is not a valid five-field cron.")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SubscriptionStore>();
        services.TryAddSingleton<SubscriptionDesk>();
        // The summary report when the host has it, else the analyst's answer to "本周周报" as the subscriber.
        services.TryAddSingleton<IWeeklySummarySource>(sp => sp.GetService<JourneyAssistant.Reports.Weekly.IWeeklySummary>() is { } report
            ? new ReportWeeklySummarySource(report, sp.GetService<JourneyAssistant.Skills.Access.IAccessPolicy>())
            : new AnalystWeeklySummarySource(sp.GetRequiredService<JourneyAssistant.Analyst.Answers.IAnalyst>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProactiveSender, TeamsProactiveSender>());
        services.TryAddSingleton<WeeklySummaryScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<WeeklySummaryScheduler>());
        return builder;
    }
}

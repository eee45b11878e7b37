using JourneyAssistant.Skills.Access;
using JourneyAssistant.Skills.Audit;
using JourneyAssistant.Skills.Results;
using Microsoft.Extensions.Logging;

namespace JourneyAssistant.Skills.Execution;

// The result cache in front of execution: which runs may share a result, and how a shared one is still audited as its own run.
public sealed partial class SkillExecutor
{
    /// <summary>The cache key of an execution, or null when nothing may be cached (cache off, denied scope, store version unknown).</summary>
    private string? CacheKey(Func<string, string> key, DataScope scope)
    {
        if (_cache is null || scope.IsDenied)
        {
            return null;
        }

        return DataVersion() is { } version ? key(version) : null;
    }

    /// <summary>
    /// Serves <paramref name="run"/> from the cache, from an identical execution already in flight (single-flight),
    /// or by running <paramref name="compute"/> and keeping its result. Every path writes <paramref name="run"/>'s own
    /// audit record; a leader's failure is not shared (each waiting request then runs and is audited on its own).
    /// </summary>
    private async Task<SkillResult> ThroughCacheAsync(Run run, string? key, Func<Task<SkillResult>> compute, CancellationToken cancellationToken)
    {
        if (key is null || _cache is null)
        {
            return await compute();
        }

        if (_cache.TryGet(key, out var cached))
        {
            return await HitAsync(run, cached);
        }

        var lead = new TaskCompletionSource<SkillResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _cache.JoinOrLead(key, lead.Task);
        if (flight != lead.Task)
        {
            SkillResult shared;
            try
            {
                shared = await flight.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await AuditAsync(run, SkillOutcome.Failed, 0, "cancelled by the caller");
                throw;
            }
            catch (Exception e)
            {
                _logger.LogDebug(e, "Shared execution failed; {AuditId} runs on its own", run.Id);
                return await compute();
            }

            return await HitAsync(run, shared);
        }

        try
        {
            var result = await compute();
            _cache.Set(key, result);
            lead.SetResult(result);
            return result;
        }
        catch (Exception e)
        {
            lead.SetException(e);
            _ = lead.Task.Exception; // observed: followers, if any, run on their own
            throw;
        }
        finally
        {
            _cache.Land(key, lead.Task);
        }
    }

    /// <summary>A cached result handed out under <paramref name="run"/>'s own audit record, which names the execution it came from.</summary>
    private Task<SkillResult> HitAsync(Run run, SkillResult cached) => AuditedAsync(run, cached, $"cached: result of {cached.AuditId}");
}

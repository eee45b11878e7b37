using System.Text;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Skills.Execution;

/// <summary>A result too big to hand to a person or a chat; nothing of it is returned.</summary>
public sealed class ResultTooLargeException(LocalizedText text) : Exception(text.En)
{
    public LocalizedText Text { get; } = text;
}

/// <summary>
/// Adds up the bytes of a result's values as they are read and stops at the cap (issue 21: a 200 MB repeat() result
/// crashed the CLI). Strings count their UTF-8 bytes, everything else a fixed 8 bytes (or its serialized length).
/// </summary>
internal sealed class ResultSize(int maxMegabytes)
{
    private readonly long _limit = (long)maxMegabytes * 1024 * 1024;
    private long _bytes;

    public void Add(object?[] row)
    {
        foreach (var value in row)
        {
            _bytes += value switch
            {
                null => 1,
                string text => text.Length > 256 ? Encoding.UTF8.GetByteCount(text) : text.Length * 3L,
                byte[] bytes => bytes.Length,
                _ => 8,
            };
        }

        if (_bytes > _limit)
        {
            throw new ResultTooLargeException(new LocalizedText(
                $"结果大于 {maxMegabytes} MB，请添加筛选条件或聚合后再查询。",
                $"The result is larger than {maxMegabytes} MB — add filters or aggregate."));
        }
    }
}

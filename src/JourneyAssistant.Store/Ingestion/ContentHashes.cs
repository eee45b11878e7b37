using System.Security.Cryptography;

namespace JourneyAssistant.Store.Ingestion;

/// <summary>
/// SHA-256 of each input file, worked out one file after another on a background thread as soon as an ingest starts, so a
/// file's hash is usually ready by the time its turn comes (DuckDB leaves about a fifth of two cores idle during an ingest).
/// </summary>
internal sealed class ContentHashes : IDisposable
{
    private readonly TaskCompletionSource<string>[] _hashes;
    private readonly CancellationTokenSource _stop;

    private ContentHashes(IReadOnlyList<string> files, CancellationToken ct)
    {
        _hashes = [.. files.Select(_ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously))];
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stop = _stop.Token;
        _ = Task.Run(() =>
        {
            for (var i = 0; i < files.Count; i++)
            {
                if (stop.IsCancellationRequested)
                {
                    _hashes[i].TrySetCanceled(stop);
                    continue;
                }

                try
                {
                    _hashes[i].TrySetResult(Of(files[i], stop));
                }
                catch (Exception e)
                {
                    _hashes[i].TrySetException(e);
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>Starts hashing <paramref name="files"/> in order.</summary>
    public static ContentHashes Start(IReadOnlyList<string> files, CancellationToken ct) => new(files, ct);

    /// <summary>The hash of the <paramref name="index"/>-th file (lower-case hex).</summary>
    public Task<string> Of(int index) => _hashes[index].Task;

    /// <summary>Lower-case hex SHA-256 of a file's bytes. A plain read in 4 MB blocks: 0.61 s for 815 MB here, against 0.84-2.0 s
    /// through an asynchronous stream with 1 MB blocks.</summary>
    public static string Of(string file, CancellationToken ct)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[4 << 20];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Stops hashing files nobody will ask for (an ingest that failed or was cancelled).</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}

using System.Security.Cryptography;
using JourneyAssistant.Store.Ingestion;

namespace JourneyAssistant.Store.Tests;

public sealed class ContentHashTests
{
    [Fact]
    public async Task Each_file_gets_its_own_sha256_in_order_and_a_missing_file_fails_only_its_own_hash()
    {
        var store = new TestStore("hashes");
        // Larger than one 4 MB read block, so the blocks must be chained in order.
        var big = new byte[(9 << 20) + 123];
        new Random(7).NextBytes(big);
        var bigFile = store.WriteFile("big.bin", "");
        await File.WriteAllBytesAsync(bigFile, big);
        var small = store.WriteFile("small.csv", "a,b\n1,2\n");
        var missing = Path.Combine(store.Folder, "missing.csv");

        using var hashes = ContentHashes.Start([bigFile, missing, small], CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(big)), await hashes.Of(0));
        await Assert.ThrowsAsync<FileNotFoundException>(() => hashes.Of(1));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(small))), await hashes.Of(2));
    }

    [Fact]
    public async Task Files_left_when_the_ingest_stops_are_not_hashed()
    {
        var store = new TestStore("hashes-stop");
        var a = store.WriteFile("a.csv", "x\n");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        using var hashes = ContentHashes.Start([a], cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hashes.Of(0));
    }
}

using Agent42.Core.Outcomes;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Outcomes.Contract;

/// <summary>The outcome store contract on <c>outcomes.jsonl</c>; the second process writes through a link to the folder.</summary>
[TestFixture]
internal sealed class FileOutcomeStoreContractTests : OutcomeStoreContract, IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _elsewhere = new();

    private string LogPath => _data.Combine(OutcomeRecorder.OutcomeLog);

    public void Dispose()
    {
        _data.Dispose();
        _elsewhere.Dispose();
    }

    protected override Task<IOutcomeStore> CreateAsync() => Task.FromResult<IOutcomeStore>(new OutcomeLogWriter(LogPath));

    protected override IOutcomeStore SecondProcess()
    {
        // Another spelling of the path, as another process's working directory would give it; its own writer.
        var link = Path.Combine(_elsewhere.Path, "data-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateSymbolicLink(link, _data.Path);
        return new OutcomeLogWriter(Path.Combine(link, OutcomeRecorder.OutcomeLog));
    }

    protected override Task AddGarbageAsync() => File.AppendAllTextAsync(LogPath, "not an outcome\n");
}

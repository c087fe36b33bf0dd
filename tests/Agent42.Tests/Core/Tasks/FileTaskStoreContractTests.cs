using Agent42.Core.Tasks;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Tasks;

/// <summary>The task store contract on <c>tasks.json</c> in a real temp directory.</summary>
[TestFixture]
internal sealed class FileTaskStoreContractTests : TaskStoreContract, IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    protected override ITaskStore CreateStore(TimeProvider time) => new FileTaskStore(_temp.Path, time, new TestLogger<FileTaskStore>());
}

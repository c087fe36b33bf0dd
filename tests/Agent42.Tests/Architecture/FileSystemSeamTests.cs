using Agent42.Core.Agent.Conversation;
using Agent42.Core.Hosting;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Research;
using Agent42.Core.Routing.Files;
using ArchUnitNET.Loader;

namespace Agent42.Tests.Architecture;

/// <summary>
/// The stores whose logic is pure reach files only through their <c>IFileSystem</c>: none calls System.IO's static
/// file API or the OS-only storage helpers itself, so a test on a mock file system sees everything they do, and the
/// choice of OS or in-process behaviour stays in <c>Storage/StateFileSystem</c>.
/// </summary>
public sealed class FileSystemSeamTests
{
    private static readonly ArchUnitNET.Domain.Architecture Architecture = new ArchLoader()
        .LoadAssemblies(typeof(Agent42ServiceCollectionExtensions).Assembly)
        .Build();

    private static readonly string[] Banned =
    [
        "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileStream",
        "Agent42.Core.Storage.StateFileLock", "Agent42.Core.Storage.StateFileRead", "Agent42.Core.Storage.StatePath",
    ];

    private static readonly System.Type[] Stores = [typeof(ModelCatalogStore), typeof(ModelResearchStore), typeof(RoutingFileStore), typeof(SessionStore)];

    [TestCaseSource(nameof(Stores))]
    public void TheStore_UsesNoFileApiButItsFileSystem(System.Type store)
    {
        // The store's own type and those the compiler made inside it (async state machines, closures).
        var offenders = Architecture.Types
            .Where(t => t.FullName == store.FullName || t.FullName.StartsWith(store.FullName + "+", StringComparison.Ordinal)
                || t.FullName.StartsWith(store.FullName + "/", StringComparison.Ordinal))
            .SelectMany(t => t.Dependencies.Select(d => d.Target.FullName))
            .Where(target => Banned.Contains(target, StringComparer.Ordinal))
            .Distinct()
            .ToArray();

        Assert.That(offenders, Is.Empty, "go through the IFileSystem, and StateFileSystem for locks, kinds and reads");
    }

    [Test]
    public void TheRule_SeesTheStoresDependencies()
    {
        var seen = Architecture.Types.Where(t => t.FullName.StartsWith(typeof(SessionStore).FullName!, StringComparison.Ordinal))
            .SelectMany(t => t.Dependencies.Select(d => d.Target.FullName))
            .ToHashSet(StringComparer.Ordinal);

        Assert.That(seen, Does.Contain("Agent42.Core.Storage.StateFileSystem").And.Contain("Agent42.Core.Storage.AtomicFile"),
            "a rule that sees no dependency proves nothing");
    }
}

using Agent42.Core.Hosting;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.NUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Agent42.Tests.Architecture;

/// <summary>
/// The layout README draws, enforced: Core's top folders form no cycle, and each depends only on the folders
/// below it in <see cref="Layers"/>. Data walks forward: the outcome log is written by Agent, read by Routing,
/// and owned by neither.
/// </summary>
public sealed class DependencyRuleTests
{
    private const string Core = "Agent42.Core";

    // Lowest first. A folder may use any folder earlier in this list, never a later one; folders on one line
    // are peers and may not use each other.
    private static readonly string[][] Layers =
    [
        ["Native"],
        ["Storage", "Http"],
        ["Configuration"],
        ["Security", "Tasks"],
        ["Tools"],
        ["Plugins"],
        ["Mcp"],
        ["Models"],
        ["Outcomes"],
        ["Routing", "Database"],
        ["Agent"],
        ["Hosting"],
    ];

    private static readonly ArchUnitNET.Domain.Architecture Architecture = new ArchLoader()
        .LoadAssemblies(typeof(Agent42ServiceCollectionExtensions).Assembly, typeof(Agent42.Sdk.Tool).Assembly)
        .Build();

    [Test]
    public void CoreTopFolders_HaveNoCycles() =>
        Assert.That(FolderGraph.Cycles(Architecture, Core), Is.Empty, "folders that depend on each other, with one type dependency each way");

    [Test]
    public void PluginSubFolders_HaveNoCycles() =>
        Assert.That(FolderGraph.Cycles(Architecture, Core + ".Plugins"), Is.Empty, "plugin sub-concerns that depend on each other");

    [Test]
    public void EveryTopFolder_IsInTheLayerTable()
    {
        var known = Layers.SelectMany(layer => layer).ToHashSet(StringComparer.Ordinal);
        var folders = Architecture.Types
            .Select(type => type.Namespace?.FullName ?? string.Empty)
            .Where(ns => ns.StartsWith(Core + ".", StringComparison.Ordinal))
            .Select(ns => ns[(Core.Length + 1)..].Split('.')[0])
            .Distinct()
            .Where(folder => !known.Contains(folder))
            .ToArray();

        Assert.That(folders, Is.Empty, "a new top folder of Agent42.Core needs its place in the layer table");
    }

    [TestCaseSource(nameof(ForbiddenPairs))]
    public void Folder_DoesNotDependOnALaterOrPeerFolder(string from, string to) =>
        Types().That().ResideInNamespaceOrBelow($"{Core}.{from}")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow($"{Core}.{to}")
            .Because($"{from} comes before {to} in the layout: data walks forward")
            .Check(Architecture);

    [Test]
    public void Sdk_ReferencesNothingOfTheHost() =>
        Types().That().ResideInAssembly(typeof(Agent42.Sdk.Tool).Assembly)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow(Core)
            .Because("plugins compile against the SDK alone")
            .Check(Architecture);

    private static IEnumerable<TestCaseData> ForbiddenPairs()
    {
        for (var i = 0; i < Layers.Length; i++)
        {
            foreach (var from in Layers[i])
            {
                for (var j = i; j < Layers.Length; j++)
                {
                    foreach (var to in Layers[j].Where(to => to != from))
                    {
                        yield return new TestCaseData(from, to).SetName($"{from} does not depend on {to}");
                    }
                }
            }
        }
    }
}

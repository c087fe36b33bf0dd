using System.IO.Abstractions.TestingHelpers;

namespace Agent42.Tests.Support;

/// <summary>Mock file systems for the stores whose logic is pure; what the OS does is tested on a real <see cref="TempDirectory"/>.</summary>
internal static class MockFiles
{
    /// <summary>The data directory the mock tests use; nothing under it exists on the real disk.</summary>
    public const string Data = "/agent42-mock/data";

    /// <summary>An empty mock whose write times follow <paramref name="time"/>, so a kept copy and a rewrite compare as on disk.</summary>
    public static MockFileSystem On(TimeProvider time) => new MockFileSystem().MockTime(() => time.GetUtcNow().UtcDateTime);
}

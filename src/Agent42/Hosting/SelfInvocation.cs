using System.Globalization;
using Agent42.Cli;
using Agent42.Core.Hosting;
using Agent42.Core.Plugins.Isolation;

namespace Agent42.Hosting;

/// <summary>How this very <c>agent42</c> starts itself again, for the throwaway child of <c>tools check</c>.</summary>
internal static class SelfInvocation
{
    /// <summary>
    /// The same executable with the resolved workspace, tools and data directories and load deadline of this process,
    /// in its current directory and environment: <c>agent42</c> itself when that is what runs, otherwise the
    /// <c>dotnet</c> host with this assembly (run through <c>dotnet agent42.dll</c>, or in-process by the tests).
    /// </summary>
    public static ActivationCommand ForActivation(CliConsole console, Agent42Settings settings)
    {
        var processPath = Environment.ProcessPath;
        var arguments = new List<string>();
        string fileName;
        if (processPath is not null && IsNamed(processPath, "agent42"))
        {
            fileName = processPath;
        }
        else
        {
            fileName = processPath is not null && IsNamed(processPath, "dotnet")
                ? processPath
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            // The dependencies and frameworks this process runs with: agent42's own under `dotnet agent42.dll`,
            // the test project's when the tests run the command line in-process.
            arguments.Add("exec");
            var depsFile = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (depsFile is not null && File.Exists(depsFile))
            {
                arguments.AddRange(["--depsfile", depsFile]);
                const string DepsSuffix = ".deps.json";
                var runtimeConfig = depsFile.EndsWith(DepsSuffix, StringComparison.OrdinalIgnoreCase)
                    ? depsFile[..^DepsSuffix.Length] + ".runtimeconfig.json"
                    : null;
                if (runtimeConfig is not null && File.Exists(runtimeConfig))
                {
                    arguments.AddRange(["--runtimeconfig", runtimeConfig]);
                }
            }

            arguments.Add(typeof(SelfInvocation).Assembly.Location);
        }

        arguments.AddRange(["tools", ToolsActivateCommand.Name,
            "--workspace", settings.Workspace, "--tools-dir", settings.ToolsDirectory, "--data-dir", settings.DataDirectory]);
        var environment = new Dictionary<string, string?>(console.Environment, StringComparer.Ordinal)
        {
            ["PLUGIN_LOAD_TIMEOUT_SECONDS"] = settings.Plugins.LoadTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        };
        return new ActivationCommand(fileName, arguments, console.CurrentDirectory, environment);
    }

    private static bool IsNamed(string path, string name) =>
        string.Equals(Path.GetFileNameWithoutExtension(path), name, StringComparison.OrdinalIgnoreCase);
}

using Agent42.Cli;
using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Agent42.Hosting;

/// <summary>Builds the generic host a command runs in: configuration, logging and the core services.</summary>
internal static class Agent42Host
{
    public static IHost Build(CliConsole console, IReadOnlyDictionary<string, string?> commandLine)
    {
        var configuration = Agent42Configuration.Build(console.CurrentDirectory, console.Environment, commandLine);
        var settings = Agent42Settings.Load(configuration, console.CurrentDirectory);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = console.CurrentDirectory,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddSerilog(LoggingSetup.Create(settings, console.Error), dispose: true);
        builder.Services.AddAgent42Core(settings);
        return builder.Build();
    }
}

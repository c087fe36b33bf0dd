using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Agent42.Core.Plugins.Diagnostics;

/// <summary>
/// One problem found while building or loading a plugin file, in the compiler's own shape so editors and
/// terminals can jump to it: <c>file(line,col): error CODE: message</c>.
/// </summary>
/// <param name="FilePath">The file the problem is in (a <c>#load</c>ed file when it is there).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Code">Roslyn's <c>CSxxxx</c> for compiler diagnostics, <c>A42xxx</c> for Agent42's.</param>
/// <param name="Severity">Whether the file can still load.</param>
/// <param name="Message">What is wrong and, for Agent42's own codes, what to do instead.</param>
internal sealed record PluginDiagnostic(
    string FilePath,
    int Line,
    int Column,
    string Code,
    PluginDiagnosticSeverity Severity,
    string Message)
{
    public bool IsError => Severity == PluginDiagnosticSeverity.Error;

    public static PluginDiagnostic Error(PluginSourceLocation at, string code, string message) =>
        new(at.FilePath, at.Line, at.Column, code, PluginDiagnosticSeverity.Error, message);

    public static PluginDiagnostic Warning(PluginSourceLocation at, string code, string message) =>
        new(at.FilePath, at.Line, at.Column, code, PluginDiagnosticSeverity.Warning, message);

    /// <summary>Converts a Roslyn error or warning, keeping its CS code.</summary>
    public static PluginDiagnostic FromRoslyn(Diagnostic diagnostic, string fallbackPath)
    {
        var at = PluginSourceLocation.From(diagnostic.Location, fallbackPath);
        var severity = diagnostic.Severity == DiagnosticSeverity.Error ? PluginDiagnosticSeverity.Error : PluginDiagnosticSeverity.Warning;
        return new(at.FilePath, at.Line, at.Column, diagnostic.Id, severity, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    public override string ToString() =>
        $"{FilePath}({Line},{Column}): {(IsError ? "error" : "warning")} {Code}: {Message}";
}

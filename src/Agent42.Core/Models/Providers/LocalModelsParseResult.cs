namespace Agent42.Core.Models.Providers;

/// <summary>The local models read from <c>AGENT42_LOCAL_MODELS</c>, and why any entry was skipped.</summary>
internal sealed record LocalModelsParseResult(IReadOnlyList<RegisteredModel> Models, IReadOnlyList<string> Problems);

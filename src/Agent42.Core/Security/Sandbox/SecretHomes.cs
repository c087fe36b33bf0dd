namespace Agent42.Core.Security.Sandbox;

/// <summary>The places in a home directory where tools keep credentials; a sandboxed command sees them empty.</summary>
internal static class SecretHomes
{
    public static IReadOnlyList<string> RelativePaths { get; } =
    [
        ".ssh", ".aws", ".config/gh", ".gnupg", ".docker", ".kube", ".config/gcloud", ".azure",
        ".netrc", ".git-credentials", ".npmrc", ".pypirc",
    ];
}

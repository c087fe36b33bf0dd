namespace Agent42.Core.Plugins.Cache;

/// <summary>
/// What one tool of a cached image said about itself when the image was first activated (its schema is in
/// <see cref="CachedImage.Schemas"/>): enough to register and list it at a cached start without running its code.
/// </summary>
/// <param name="TypeName">The tool type's full name.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">Its description.</param>
/// <param name="IsReadOnly">Whether it said it only reads.</param>
internal sealed record CachedTool(string TypeName, string Name, string Description, bool IsReadOnly);

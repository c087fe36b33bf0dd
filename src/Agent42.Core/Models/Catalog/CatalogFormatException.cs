namespace Agent42.Core.Models.Catalog;

/// <summary>A catalog response that is not a catalog at all (not JSON, or no <c>data</c> array).</summary>
internal sealed class CatalogFormatException(string message) : Exception(message);

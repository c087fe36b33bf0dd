namespace Agent42.Core.Models.Quota;

/// <summary>The content of <c>free_requests.json</c>: the UTC day counted and the requests Agent42 sent to free models that day.</summary>
internal sealed record FreeRequestDay(string Day, long Requests)
{
    public static readonly FreeRequestDay Empty = new(string.Empty, 0);
}

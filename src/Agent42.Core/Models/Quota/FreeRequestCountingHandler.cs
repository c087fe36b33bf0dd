using Agent42.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Models.Quota;

/// <summary>
/// Adds each request to an OpenRouter free model to <see cref="FreeRequestCounter"/> as it is sent. OpenRouter counts
/// every request against a free model toward the daily limit, answered or not, so the count is taken here, where
/// requests leave, rather than from a finished run: a request that fails and falls back, a run that ends in an error,
/// <c>--json</c>, queued tasks and the research call all count the same way.
/// </summary>
/// <remarks>A count that cannot be kept (its file unusable) is logged once and never fails the request.</remarks>
internal sealed partial class FreeRequestCountingHandler(FreeRequestCounter counter, ILogger logger) : DelegatingHandler
{
    private int _warned;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Count();
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Count();
        return base.Send(request, cancellationToken);
    }

    private void Count()
    {
        try
        {
            counter.Add(1);
        }
        catch (Exception ex) when (ex is StateFileException or IOException or UnauthorizedAccessException)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                LogNotKept(logger, counter.FilePath, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "today's count of free model requests is not kept in {Path}: {Problem}")]
    private static partial void LogNotKept(ILogger logger, string path, string problem);
}

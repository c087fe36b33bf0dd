using System.Globalization;
using Agent42.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Models.Quota;

/// <summary>
/// Agent42's own count of today's requests to OpenRouter's free models (UTC days, as OpenRouter counts), kept in
/// <c>free_requests.json</c> in the data directory and shared by every Agent42 process on it: each addition is a
/// read-add-write under the file's <see cref="StateFileLock"/>, so two processes adding at once lose neither count.
/// It knows only what Agent42 sent from this data directory: other clients on the same key are not in it.
/// </summary>
internal sealed class FreeRequestCounter(string dataDirectory, FreeQuotaOptions options, TimeProvider time, ILogger<FreeRequestCounter> logger)
{
    public const string FileName = "free_requests.json";

    private readonly JsonStateFile<FreeRequestDay> _file = new(
        Path.Combine(dataDirectory, FileName),
        "today's count of free model requests",
        FreeQuotaJsonContext.Default.FreeRequestDay,
        day => day.Day is null || day.Requests < 0 ? "\"day\" is missing or \"requests\" is negative" : null,
        FreeRequestDay.Empty,
        time,
        logger);

    /// <summary>The daily limit the count is compared with.</summary>
    public int DailyLimit => options.DailyLimit;

    public string FilePath => _file.FilePath;

    /// <summary>Adds <paramref name="requests"/> to today's count (a new UTC day starts from zero) and returns today's total.</summary>
    public long Add(int requests)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        var today = Today();
        return _file.Update(current => new FreeRequestDay(today, (current.Day == today ? current.Requests : 0) + requests)).Requests;
    }

    /// <summary>Today's count so far.</summary>
    public long Count()
    {
        var current = _file.Load();
        return current.Day == Today() ? current.Requests : 0;
    }

    private string Today() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

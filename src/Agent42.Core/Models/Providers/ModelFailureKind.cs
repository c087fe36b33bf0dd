namespace Agent42.Core.Models.Providers;

/// <summary>
/// Why a model call failed. None of these is a failure of the model at the task: each drives a cooldown and a
/// fallback to the next eligible model, and none may lower the model's score.
/// </summary>
internal enum ModelFailureKind
{
    /// <summary>The account's daily free-model quota is used up (429 <c>free-models-per-day</c>): stop all free models until the reset.</summary>
    AccountQuota,

    /// <summary>The pool-wide per-minute limit on free models (429 <c>free-models-per-min</c>): a short cooldown for all free models.</summary>
    PoolRateLimit,

    /// <summary>This model's provider is rate-limited upstream (429 "Provider returned error"): a cooldown for this model.</summary>
    ModelRateLimit,

    /// <summary>The model cannot take tool calls (404 "No endpoints found that support tool use").</summary>
    NoToolSupport,

    /// <summary>The model is gone or has no provider (404, 410).</summary>
    ModelGone,

    /// <summary>No credits left (402).</summary>
    NoCredits,

    /// <summary>The provider failed (5xx, or an error reported inside a 200 answer).</summary>
    ServerError,

    /// <summary>The request was refused as malformed (400, 413, 422).</summary>
    BadRequest,

    /// <summary>The answer could not be read (not JSON, or not a chat completion).</summary>
    Malformed,

    /// <summary>No answer within the time allowed.</summary>
    Timeout,

    /// <summary>The endpoint could not be reached.</summary>
    Unreachable,

    /// <summary>The endpoint refused the API key (401, 403).</summary>
    Unauthorized,
}

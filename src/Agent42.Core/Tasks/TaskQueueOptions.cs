using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Tasks;

/// <summary>How workers (<c>agent42 tasks work</c>) hold and look for tasks.</summary>
internal sealed class TaskQueueOptions
{
    /// <summary>
    /// How long a worker's hold on a task lasts unless renewed (it is renewed every third of this while the task runs).
    /// A worker that dies leaves its task to be taken again this long after its last renewal.
    /// </summary>
    [ConfigurationKeyName("AGENT42_TASK_LEASE_SECONDS")]
    [Range(1, 86_400, ErrorMessage = "AGENT42_TASK_LEASE_SECONDS must be between 1 and 86400")]
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>How often an idle worker looks for a ready task.</summary>
    [ConfigurationKeyName("AGENT42_TASK_POLL_SECONDS")]
    [Range(1, 3_600, ErrorMessage = "AGENT42_TASK_POLL_SECONDS must be between 1 and 3600")]
    public int PollSeconds { get; set; } = 2;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);
}

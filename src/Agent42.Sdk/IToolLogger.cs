namespace Agent42.Sdk;

/// <summary>A log for a tool's own messages; they appear in Agent42's log under the tool's name.</summary>
public interface IToolLogger
{
    /// <summary>Detail useful when diagnosing the tool.</summary>
    /// <param name="message">The message.</param>
    void Debug(string message);

    /// <summary>Something worth knowing happened.</summary>
    /// <param name="message">The message.</param>
    void Information(string message);

    /// <summary>Something went wrong but the tool carried on.</summary>
    /// <param name="message">The message.</param>
    void Warning(string message);

    /// <summary>Something failed.</summary>
    /// <param name="message">The message.</param>
    /// <param name="exception">The exception behind it, if any.</param>
    void Error(string message, Exception? exception = null);
}

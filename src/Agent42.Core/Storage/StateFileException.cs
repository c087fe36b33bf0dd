namespace Agent42.Core.Storage;

/// <summary>
/// A state file of Agent42's could not be used as one: the path is a directory, a FIFO, a device or a socket, or the
/// lock beside it stayed held past the time-out. The message names the path, what it is and what to do.
/// </summary>
internal sealed class StateFileException(string message, Exception? inner = null) : IOException(message, inner);

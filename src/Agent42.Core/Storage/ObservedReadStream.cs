namespace Agent42.Core.Storage;

/// <summary>
/// A read-only, forward-only stream over another that hands the count of every read to <see cref="Observe"/>: the one
/// base of the wrappers that watch what is read (a size budget, the end of a client's input). It owns the inner stream.
/// </summary>
internal abstract class ObservedReadStream(Stream inner) : ForwardReadStream(inner)
{
    public override int Read(byte[] buffer, int offset, int count) => Observe(Inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Observe(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    /// <summary>Sees the count one read returned (0 at the end) and returns it, or throws to fail the read.</summary>
    protected abstract int Observe(int read);
}

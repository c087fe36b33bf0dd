using Agent42.Core.Storage;

namespace Agent42.Core.Models.Providers;

/// <summary>A read-only stream that throws the given failure once more than its budget has been read.</summary>
internal sealed class BoundedReadStream(Stream inner, long maxBytes, Func<ModelCallException> tooLarge) : ObservedReadStream(inner)
{
    private long _read;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    protected override int Observe(int n)
    {
        _read += n;
        if (_read > maxBytes)
        {
            throw tooLarge();
        }

        return n;
    }
}

using Agent42.Core.Security.Sandbox;

namespace Agent42.Tests.Core.Security.Sandbox;

[TestFixture]
internal sealed class UnixSocketsTests
{
    private const string Header = "Num       RefCount Protocol Flags    Type St Inode Path\n";

    [Test]
    public void Parse_ReturnsTheBoundPathnameSockets()
    {
        var table = Header +
            "0000000092bf778b: 00000003 00000000 00000000 0001 03 389466 /tmp/MSBuild21567\n" +
            "00000000ae08da12: 00000002 00000000 00010000 0001 01 404588 /run/docker.sock\n";

        Assert.That(UnixSockets.Parse(table), Is.EqualTo(new[] { "/tmp/MSBuild21567", "/run/docker.sock" }));
    }

    [Test]
    public void Parse_SkipsAbstractUnboundAndRelativeSockets()
    {
        var table = Header +
            "0000000012345678: 00000002 00000000 00010000 0001 01 11 @/tmp/.X11-unix/X0\n" +
            "0000000012345679: 00000002 00000000 00010000 0001 01 12 @dbus-abstract\n" +
            "000000001234567a: 00000003 00000000 00000000 0001 03 13\n" +
            "000000001234567b: 00000003 00000000 00000000 0001 03 14 \n" +
            "000000001234567c: 00000002 00000000 00010000 0001 01 15 relative.sock\n";

        Assert.That(UnixSockets.Parse(table), Is.Empty);
    }

    [Test]
    public void Parse_KeepsSpacesInAPathAndListsEachPathOnce()
    {
        // A listener and each connection it accepted all show the listener's path.
        var table = Header +
            "0000000012345678: 00000002 00000000 00010000 0001 01 21 /run/user/0/my socket\n" +
            "0000000012345679: 00000003 00000000 00000000 0001 03 22 /run/user/0/my socket\n" +
            "000000001234567a: 00000003 00000000 00000000 0001 03 23 /run/user/0/my socket\n";

        Assert.That(UnixSockets.Parse(table), Is.EqualTo(new[] { "/run/user/0/my socket" }));
    }

    [Test]
    public void Parse_IgnoresTheHeaderAndBlankOrMalformedLines()
    {
        Assert.That(UnixSockets.Parse(Header + "\n" + "garbage /etc/passwd\n" + "a b c d e f g /etc/shadow\n"), Is.Empty);
    }

    [Test]
    public void Read_OnLinux_ListsASocketThisProcessBound()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("/proc/net/unix is Linux-only");
        }

        var directory = Directory.CreateDirectory(Path.Combine("/var/tmp", "agent42-sock-" + Guid.NewGuid().ToString("N")[..12]));
        try
        {
            var path = Path.Combine(directory.FullName, "s.sock");
            using var listener = new System.Net.Sockets.Socket(
                System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));

            Assert.That(UnixSockets.Read(), Does.Contain(path));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

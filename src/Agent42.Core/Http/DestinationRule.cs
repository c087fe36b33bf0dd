using System.Net;
using System.Net.Sockets;

namespace Agent42.Core.Http;

/// <summary>
/// Which addresses and host names a request made for the model may reach: none of this machine's, the local
/// network's or a cloud's metadata service, since a prompt-injected model would use them to read what only the
/// host can see (a local admin port, 169.254.169.254's credentials) or to send the API key somewhere private.
/// </summary>
/// <remarks>
/// Addresses are judged as connected, not as spelled in a URL: IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6
/// forms are judged by the IPv4 address they carry, so no spelling of 127.0.0.1 gets through.
/// </remarks>
internal static class DestinationRule
{
    /// <summary>The setting that lifts the rule, named in every refusal.</summary>
    public const string AllowSetting = "HTTP_ALLOW_PRIVATE";

    // Names that reach a metadata service or this machine whatever the resolver answers.
    private static readonly string[] RefusedNames =
    [
        "localhost",
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.internal",
        "metadata.tencentyun.com",
        "metadata.packet.net",
        "metadata.platformequinix.com",
    ];

    /// <summary>Why a host name is refused before it is resolved, or null when only its addresses decide.</summary>
    public static string? RefusedName(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        if (name.EndsWith(".localhost", StringComparison.Ordinal) || RefusedNames.Contains(name, StringComparer.Ordinal))
        {
            return name.Contains("localhost", StringComparison.Ordinal) ? "a name of this machine" : "a cloud metadata service";
        }

        return null;
    }

    /// <summary>The class of address that is refused (e.g. "loopback"), or null when the address is public.</summary>
    public static string? RefusedClass(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (Embedded(address) is { } inner)
            {
                return RefusedClass(inner);
            }

            return V6Class(address.GetAddressBytes());
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? V4Class(address.GetAddressBytes()) : "not an IP address";
    }

    private static string? V4Class(byte[] b) => b switch
    {
        [0, ..] => "unspecified",
        [10, ..] => "private",
        [100, >= 64 and <= 127, ..] => "shared (CGNAT)",
        [127, ..] => "loopback",
        [169, 254, 169, 254] => "cloud metadata",
        [169, 254, ..] => "link-local",
        [172, >= 16 and <= 31, ..] => "private",
        [192, 0, 0, _] => "IETF protocol assignments",
        [192, 168, ..] => "private",
        [198, 18 or 19, ..] => "benchmarking",
        [>= 224 and <= 239, ..] => "multicast",
        [>= 240, ..] => "reserved or broadcast",
        _ => null,
    };

    private static string? V6Class(byte[] b)
    {
        if (b.All(x => x == 0))
        {
            return "unspecified";
        }

        if (b.Take(15).All(x => x == 0) && b[15] == 1)
        {
            return "loopback";
        }

        return b switch
        {
            [>= 0xfc and <= 0xfd, ..] => "private (unique local)",
            [0xfe, >= 0x80 and <= 0xbf, ..] => "link-local",
            [0xfe, >= 0xc0, ..] => "site-local",
            [0xff, ..] => "multicast",
            _ => null,
        };
    }

    /// <summary>The IPv4 address an IPv6 address carries and would be routed to, if it carries one.</summary>
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        var tail = new IPAddress(b.AsSpan(12, 4));
        // IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks); :: and ::1 are judged as IPv6.
        if (b.Take(12).All(x => x == 0) && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1))
        {
            return tail;
        }

        // NAT64 (64:ff9b::/96) and 6to4 (2002:a.b.c.d::/48) reach the IPv4 address through a gateway.
        if (b is [0x00, 0x64, 0xff, 0x9b, ..] && b.Skip(4).Take(8).All(x => x == 0))
        {
            return tail;
        }

        return b is [0x20, 0x02, ..] ? new IPAddress(b.AsSpan(2, 4)) : null;
    }
}

using System.Net;
using Agent42.Core.Http;

namespace Agent42.Tests.Core.Http;

public sealed class DestinationRuleTests
{
    [TestCase("127.0.0.1", "loopback")]
    [TestCase("127.255.1.2", "loopback")]
    [TestCase("10.1.2.3", "private")]
    [TestCase("172.16.0.1", "private")]
    [TestCase("172.31.255.254", "private")]
    [TestCase("192.168.1.1", "private")]
    [TestCase("169.254.169.254", "cloud metadata")]
    [TestCase("169.254.10.10", "link-local")]
    [TestCase("100.64.0.1", "shared (CGNAT)")]
    [TestCase("100.127.255.255", "shared (CGNAT)")]
    [TestCase("0.0.0.0", "unspecified")]
    [TestCase("224.0.0.251", "multicast")]
    [TestCase("255.255.255.255", "reserved or broadcast")]
    [TestCase("::", "unspecified")]
    [TestCase("::1", "loopback")]
    [TestCase("fc00::1", "private (unique local)")]
    [TestCase("fd00:ec2::254", "private (unique local)")]
    [TestCase("fe80::1", "link-local")]
    [TestCase("ff02::1", "multicast")]
    [TestCase("::ffff:127.0.0.1", "loopback")]
    [TestCase("::ffff:169.254.169.254", "cloud metadata")]
    [TestCase("::ffff:10.0.0.1", "private")]
    [TestCase("::127.0.0.1", "loopback")]
    [TestCase("64:ff9b::a9fe:a9fe", "cloud metadata")]
    [TestCase("2002:7f00:1::", "loopback")]
    public void ARefusedAddress_IsNamedByItsClass(string address, string expected) =>
        Assert.That(DestinationRule.RefusedClass(IPAddress.Parse(address)), Is.EqualTo(expected));

    [TestCase("8.8.8.8")]
    [TestCase("1.1.1.1")]
    [TestCase("172.32.0.1")]
    [TestCase("100.128.0.1")]
    [TestCase("2606:4700:4700::1111")]
    [TestCase("::ffff:8.8.8.8")]
    public void APublicAddress_IsAllowed(string address) =>
        Assert.That(DestinationRule.RefusedClass(IPAddress.Parse(address)), Is.Null);

    [TestCase("localhost")]
    [TestCase("LOCALHOST.")]
    [TestCase("anything.localhost")]
    [TestCase("metadata.google.internal")]
    [TestCase("metadata")]
    [TestCase("instance-data.ec2.internal")]
    public void AMachineOrMetadataName_IsRefusedBeforeItIsResolved(string host) =>
        Assert.That(DestinationRule.RefusedName(host), Is.Not.Null);

    [TestCase("example.com")]
    [TestCase("localhost.example.com")]
    [TestCase("metadata.example.com")]
    public void AnOrdinaryName_IsLeftToItsAddresses(string host) =>
        Assert.That(DestinationRule.RefusedName(host), Is.Null);
}

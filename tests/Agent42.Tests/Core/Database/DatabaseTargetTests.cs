using Agent42.Core.Configuration;
using Agent42.Core.Database;

namespace Agent42.Tests.Core.Database;

/// <summary>AGENT42_DATABASE_URL parsing, valid and hostile: every error one line, the password never shown.</summary>
[TestFixture]
internal sealed class DatabaseTargetTests
{
    private const string Secret = "s3cr3t-Pa55";

    [Test]
    public void Url_WithEverything_IsParsedAndPercentDecoded()
    {
        var target = Parse("postgresql://ag%40ent:p%3Aw%2Fd%25@db.example.com:6543/agent%2042?sslmode=require&application_name=fleet");

        Assert.Multiple(() =>
        {
            Assert.That(target.Host, Is.EqualTo("db.example.com"));
            Assert.That(target.Port, Is.EqualTo(6543));
            Assert.That(target.Username, Is.EqualTo("ag@ent"));
            Assert.That(target.Database, Is.EqualTo("agent 42"));
            Assert.That(Builder(target).Password, Is.EqualTo("p:w/d%"));
            Assert.That(Builder(target).SslMode, Is.EqualTo(Npgsql.SslMode.Require));
            Assert.That(Builder(target).ApplicationName, Is.EqualTo("fleet"));
        });
    }

    [Test]
    public void Url_WithoutPort_UsesTheDefaultPort() => Assert.That(Parse("postgres://u:p@localhost/db").Port, Is.EqualTo(5432));

    [TestCase("postgres://u:p@[::1]:5433/db", "::1", 5433)]
    [TestCase("postgres://u:p@[fe80::1%25eth0]/db", "fe80::1%25eth0", 5432)]
    public void Url_WithAnIPv6Host_IsParsed(string url, string host, int port)
    {
        var target = Parse(url);

        Assert.That((target.Host, target.Port), Is.EqualTo((host, port)));
        Assert.That(target.Redacted, Does.Contain($"[{host}]:{port}"));
    }

    [Test]
    public void KeywordString_IsParsed()
    {
        var target = Parse($"Host=127.0.0.1;Port=5433;Username=agent42;Password='{Secret};x';Database=fleet");

        Assert.That((target.Host, target.Port, target.Username, target.Database), Is.EqualTo(("127.0.0.1", 5433, "agent42", "fleet")));
        Assert.That(Builder(target).Password, Is.EqualTo(Secret + ";x"));
    }

    [Test]
    public void ConnectTimeout_ComesFromTheSettingUnlessTheUrlSetsIt()
    {
        Assert.That(Builder(DatabaseTarget.Parse("postgres://u@h/d", 7, 30)).Timeout, Is.EqualTo(7));
        Assert.That(Builder(DatabaseTarget.Parse("postgres://u@h/d?connect_timeout=3", 7, 30)).Timeout, Is.EqualTo(3));
        Assert.That(Builder(DatabaseTarget.Parse("Host=h;Timeout=2;Command Timeout=9", 7, 30)).Timeout, Is.EqualTo(2));
    }

    [Test]
    public void Redacted_NeverShowsThePassword()
    {
        var target = Parse($"postgres://agent42:{Secret}@127.0.0.1:5432/postgres");

        Assert.That(target.Redacted, Is.EqualTo("postgres://agent42:***@127.0.0.1:5432/postgres"));
        Assert.That(target.ToString(), Does.Not.Contain(Secret));
        Assert.That(target.Describe(), Does.Not.Contain(Secret));
    }

    [TestCase("mysql://u:" + Secret + "@h/db", "scheme 'mysql'")]
    [TestCase("postgres://u:" + Secret + "@h:99999/db", "port '99999'")]
    [TestCase("postgres://u:" + Secret + "@h:54x2/db", "port '54x2'")]
    [TestCase("postgres://u:" + Secret + "@/db", "no host")]
    [TestCase("postgres://u:" + Secret + "@[::1/db", "closing ']'")]
    [TestCase("postgres://u:" + Secret + "@::1/db", "in brackets")]
    [TestCase("postgres://u:" + Secret + "%zz@h/db", "password has a '%'")]
    [TestCase("postgres://u:" + Secret + "@h/db?sslmode=sometimes", "sslmode 'sometimes'")]
    [TestCase("postgres://u:" + Secret + "@h/db?frobnicate=1", "'frobnicate' is not supported")]
    [TestCase("postgres://u:" + Secret + "@h/db#frag", "fragment")]
    [TestCase("Host=h;Password=" + Secret + ";Frobnicate=1", "keyword 'frobnicate'")]
    [TestCase("Host=h;Password=\"" + Secret, "not a valid keyword string")]
    [TestCase("Username=u;Password=" + Secret, "no Host")]
    [TestCase("Host=h;Password=" + Secret + ";Port=abc", "keyword 'port'")]
    [TestCase(Secret, "must be a postgres://")]
    [TestCase("   ", "is empty")]
    public void Malformed_IsOneLineNamingTheFaultAndNeverThePassword(string text, string fault)
    {
        var error = Assert.Throws<ConfigurationException>(() => Parse(text))!;

        Assert.That(error.Message, Does.StartWith("AGENT42_DATABASE_URL ").And.Contain(fault));
        Assert.That(error.Message, Does.Not.Contain(Secret).And.Not.Contain("\n"));
    }

    [TestCase("postgres://user:54?32@host/db")]
    [TestCase("postgres://user:pw@host/db@x:9zz")]
    [TestCase("postgres://user:a#b:99999@host/db")]
    public void PasswordThatLooksLikeOtherParts_IsNeverQuotedInAnError(string text)
    {
        try
        {
            var target = Parse(text);
            Assert.That(target.Redacted + target.Describe(), Does.Not.Contain(Builder(target).Password!));
        }
        catch (ConfigurationException error)
        {
            Assert.That(error.Message, Does.Not.Contain("54?32").And.Not.Contain("pw@host").And.Not.Contain("a#b"));
        }
    }

    private static DatabaseTarget Parse(string text) => DatabaseTarget.Parse(text, 5, 30);

    private static Npgsql.NpgsqlConnectionStringBuilder Builder(DatabaseTarget target) => new(target.ConnectionString);
}

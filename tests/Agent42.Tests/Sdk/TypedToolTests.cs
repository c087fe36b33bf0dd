using ArgDescription = System.ComponentModel.DescriptionAttribute;
using System.Text.Json;
using Agent42.Sdk;

namespace Agent42.Tests.Sdk;

public sealed class TypedToolTests
{
    public enum Mood
    {
        Happy,
        VerySad,
    }

    public sealed record GreetArguments(
        [property: ArgDescription("Who to greet.")] string Name,
        [property: ArgDescription("How many times.")] int Times = 1,
        Mood Mood = Mood.Happy,
        IReadOnlyList<string>? Tags = null);

    private sealed class GreetTool : Tool<GreetArguments>
    {
        public int Calls { get; private set; }

        public override string Name => "greet";

        public override string Description => "Greets someone.";

        protected override Task<ToolResult> RunAsync(GreetArguments arguments, CancellationToken cancellationToken)
        {
            Calls++;
            var line = $"hello {arguments.Name} ({arguments.Mood})";
            return Task.FromResult(ToolResult.Ok(string.Join("\n", Enumerable.Repeat(line, arguments.Times))));
        }
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Test]
    public async Task ExecuteAsync_WithValidArguments_BindsSnakeCaseAndRuns()
    {
        var tool = new GreetTool();

        var result = await tool.ExecuteAsync(Json("""{"name":"Ada","times":2,"mood":"very_sad"}"""), CancellationToken.None);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(result.Output, Is.EqualTo("hello Ada (VerySad)\nhello Ada (VerySad)"));
    }

    [Test]
    public async Task ExecuteAsync_WhenRequiredPropertyMissing_FailsNamingItWithoutRunning()
    {
        var tool = new GreetTool();

        var result = await tool.ExecuteAsync(Json("""{"times":2}"""), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Error, Is.EqualTo("Invalid arguments for 'greet': missing required property 'name'"));
            Assert.That(tool.Calls, Is.Zero);
        });
    }

    [TestCase("""{"name":5}""", "property 'name' must be a string")]
    [TestCase("""{"name":"a","times":"x"}""", "property 'times' must be a whole number")]
    [TestCase("""{"name":"a","times":1.5}""", "property 'times' must be a whole number")]
    [TestCase("""{"name":"a","mood":"angry"}""", "property 'mood' must be one of happy, very_sad")]
    [TestCase("""{"name":"a","tags":"x"}""", "property 'tags' must be an array")]
    [TestCase("""{"name":null}""", "property 'name' must not be null")]
    [TestCase("""{"name":"a","colour":"red"}""", "unknown property 'colour'")]
    [TestCase("""[1,2]""", "arguments must be a JSON object, not an array")]
    [TestCase("\"text\"", "arguments must be a JSON object, not a string")]
    public async Task ExecuteAsync_WithWrongArguments_FailsWithOneClearSentence(string json, string expected)
    {
        var tool = new GreetTool();

        var result = await tool.ExecuteAsync(Json(json), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Error, Is.EqualTo($"Invalid arguments for 'greet': {expected}"));
            Assert.That(tool.Calls, Is.Zero);
        });
    }

    [Test]
    public async Task ExecuteAsync_WithUndefinedArguments_UsesDefaultsButStillRequiresName()
    {
        var result = await new GreetTool().ExecuteAsync(default, CancellationToken.None);

        Assert.That(result.Error, Does.Contain("missing required property 'name'"));
    }

    [Test]
    public void Parameters_AreAnObjectSchemaGeneratedFromTheRecord()
    {
        var schema = new GreetTool().Parameters;

        Assert.Multiple(() =>
        {
            Assert.That(schema.GetProperty("type").GetString(), Is.EqualTo("object"));
            Assert.That(schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "name" }));
            var properties = schema.GetProperty("properties");
            Assert.That(properties.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "name", "times", "mood", "tags" }));
            Assert.That(properties.GetProperty("name").GetProperty("description").GetString(), Is.EqualTo("Who to greet."));
            Assert.That(properties.GetProperty("times").GetProperty("type").GetString(), Is.EqualTo("integer"));
            Assert.That(properties.GetProperty("mood").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
                Is.EqualTo(new[] { "happy", "very_sad" }));
            Assert.That(schema.GetProperty("additionalProperties").GetBoolean(), Is.False);
        });
    }
}

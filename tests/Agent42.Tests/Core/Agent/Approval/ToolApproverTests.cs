using System.Text.Json;
using Agent42.Core.Agent.Approval;

namespace Agent42.Tests.Core.Agent.Approval;

public sealed class ToolApproverTests
{
    private static readonly JsonElement NoArguments = JsonDocument.Parse("{}").RootElement;

    private static ToolCallProposal Write(string tool = "write_file") => new(tool, NoArguments, IsReadOnly: false);

    [Test]
    public async Task Ask_No_RefusesWithTheDeclinedResult()
    {
        var prompt = new ScriptedPrompt(ApprovalAnswer.No);
        var sut = new ToolApprover(ApprovalMode.Ask, prompt);

        var decision = await sut.ApproveAsync(Write(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Approved, Is.False);
            Assert.That(decision.Refusal, Does.StartWith("the user declined this write_file call"));
            Assert.That(prompt.Asked, Is.EqualTo(["write_file"]));
        });
    }

    [Test]
    public async Task Ask_Always_ApprovesLaterCallsOfThatToolWithoutAsking_ButNotOtherTools()
    {
        var prompt = new ScriptedPrompt(ApprovalAnswer.Always, ApprovalAnswer.Yes);
        var sut = new ToolApprover(ApprovalMode.Ask, prompt);

        var first = await sut.ApproveAsync(Write(), CancellationToken.None);
        var second = await sut.ApproveAsync(Write(), CancellationToken.None);
        var other = await sut.ApproveAsync(Write("shell"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { first.Approved, second.Approved, other.Approved }, Is.All.True);
            Assert.That(prompt.Asked, Is.EqualTo(["write_file", "shell"]));
        });
    }

    [Test]
    public async Task Ask_WithNoOneToAsk_RefusesWithoutWaiting()
    {
        var decision = await new ToolApprover(ApprovalMode.Ask).ApproveAsync(Write(), CancellationToken.None);

        Assert.That(decision.Refusal, Is.EqualTo(ApprovalPolicy.RefusedNoTerminal("write_file")));
    }

    [Test]
    public async Task ReadOnly_RefusesAWritingTool_WithoutAsking_AndRunsAReadOnlyOne()
    {
        var prompt = new ScriptedPrompt();
        var sut = new ToolApprover(ApprovalMode.ReadOnly, prompt);

        var write = await sut.ApproveAsync(Write(), CancellationToken.None);
        var read = await sut.ApproveAsync(new ToolCallProposal("read_file", NoArguments, IsReadOnly: true), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(write.Refusal, Is.EqualTo(ApprovalPolicy.RefusedReadOnly("write_file")));
            Assert.That(read.Approved, Is.True);
            Assert.That(prompt.Asked, Is.Empty);
        });
    }

    [Test]
    public async Task Auto_RunsEverythingWithoutAsking()
    {
        var prompt = new ScriptedPrompt();

        var decision = await new ToolApprover(ApprovalMode.Auto, prompt).ApproveAsync(Write("shell"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Approved, Is.True);
            Assert.That(prompt.Asked, Is.Empty);
        });
    }

    private sealed class ScriptedPrompt(params ApprovalAnswer[] answers) : IApprovalPrompt
    {
        private readonly Queue<ApprovalAnswer> _answers = new(answers);

        public List<string> Asked { get; } = [];

        public Task<ApprovalAnswer> AskAsync(ToolCallProposal call, string preview, CancellationToken cancellationToken)
        {
            Asked.Add(call.Tool);
            return Task.FromResult(_answers.Dequeue());
        }
    }
}

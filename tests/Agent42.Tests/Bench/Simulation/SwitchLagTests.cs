using Agent42.Bench.Simulation;

namespace Agent42.Tests.Bench.Simulation;

public sealed class SwitchLagTests
{
    [Test]
    public void Adoption_IsTheTasksBeforeTheFirstTargetAnswerThatBeginsEightOfTen()
    {
        // Three tasks elsewhere, then the target on all but one of the next ten: windows from 1 and 2 hold eight too,
        // but begin with another model's answer.
        var marks = Marks("fff" + "tttftttttt" + "tttt");

        Assert.That(SwitchLag.Adoption(marks), Is.EqualTo((3, false)));
    }

    [Test]
    public void Adoption_NeverReached_IsCensoredAtAllTheTasksAfterTheEvent()
    {
        var marks = Marks("tftftftftftftftftftf");

        Assert.That(SwitchLag.Adoption(marks), Is.EqualTo((20, true)));
    }

    [Test]
    public void Leaving_IsTheTasksBeforeTheFirstOtherAnswerThatBeginsAtMostTwoOfTen()
    {
        var marks = Marks("tttttttttt" + "fftfffffff");

        Assert.That(SwitchLag.Leaving(marks), Is.EqualTo((10, false)));
    }

    [Test]
    public void FirstPick_IsTheTasksBeforeTheTargetFirstAnswered()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SwitchLag.FirstPick(Marks("ffft")), Is.EqualTo((3, false)));
            Assert.That(SwitchLag.FirstPick(Marks("ffff")), Is.EqualTo((4, true)));
        });
    }

    [Test]
    public void OnTarget_NeedsEightOfTheLastTenBeforeTheEvent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SwitchLag.OnTarget(Marks("ffffff" + "tttttttftt")), Is.True);
            Assert.That(SwitchLag.OnTarget(Marks("tttttttttt" + "fftttttftt")), Is.False);
            Assert.That(SwitchLag.OnTarget(Marks("ttttttttt")), Is.False, "fewer than ten tasks of the type before the event");
        });
    }

    private static bool[] Marks(string pattern) => pattern.Select(c => c == 't').ToArray();
}

using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>
/// The words and phrases <see cref="TaskTypeClassifier"/> weighs, per task type, and the order that breaks ties.
/// Tuned on <c>tests/Agent42.Tests/Fixtures/classification/tuning.tsv</c> under the labelling rules of its README.md.
/// </summary>
/// <remarks>
/// One entry is <c>[!|~]words[=weight][*]</c>: the words are matched by stem (<see cref="WordStemmer"/>), so one
/// inflection covers the others, and a hyphen or slash in the text is a space ("follow-up" is "follow up"); the
/// weight is 1 unless given. <c>!</c> marks a verb that decides when it leads a request ("refactor ..."); <c>~</c> a
/// verb that leads but defers to an object of another kind ("fix the typo" is documentation, "compare the two
/// charts" data analysis); <c>*</c> a state that counts wherever it stands (a crash is a crash in any clause).
/// </remarks>
internal static class TaskKeywords
{
    /// <summary>
    /// Ties go to the earlier type: the specific kinds of code work before plain coding ("fix the typo in the README"
    /// is documentation, "debug the parser" is debugging), and the broad Research, Coding and Content last.
    /// </summary>
    public static readonly TaskType[] Priority =
    [
        TaskType.Documentation, TaskType.Refactoring, TaskType.Debugging, TaskType.Email, TaskType.DataAnalysis,
        TaskType.ProjectManagement, TaskType.Marketing, TaskType.Design, TaskType.Strategy, TaskType.Research,
        TaskType.Coding, TaskType.Content,
    ];

    public static readonly IReadOnlyDictionary<TaskType, string[]> ByType = new Dictionary<TaskType, string[]>
    {
        [TaskType.Coding] =
        [
            "code=1.5", "coding=1.5", "!implement=3", "implementation=2", "function=2", "class=2", "method=2", "api=1.5",
            "apis=1.5", "endpoint=2.5", "script=1.5", "program=1.5", "!compile=1.5", "~build=1.5", "feature=1",
            "unit test=2.5", "test=1.5", "test suite=2", "algorithm=2", "library=1.5", "module=1.5", "parser=2", "cli=2",
            "command line=2", "c#=2", "python=1.5", "javascript=1.5", "typescript=1.5", "java=1.5", "rust=1.5",
            "golang=1.5", "sql=1", "regex=2.5", "http=1.5", "app=0.5", "backend=1.5", "frontend=1.5", "database=1",
            "error handling=1", "dockerfile=3", "docker=1.5", "ci=1", "pagination=2",
            "validation=1", "flag=1.5", "config=1", "yaml=1", "json=1", "cache=2", "retry=1", "backoff=1.5",
            "dark mode=1", "html=1.5", "file=1", "folder=1",
            "directory=1.5", "repo=1.5", "repository=1.5", "codebase=1.5", "workspace=2", "lines of code=2.5",
            "todo=1.5", "!git=2", "git status=3", "~commit=1.5", "npm=2", "pytest=1.5", "cargo=1.5", 
            "bash=1.5", "shell=1", "faster=1.5", "speed up=2", "!optimize=2", "!optimise=2",
            "performance=1.5", "!install=2", "dependency=2", "~run=1.5", "!ls=2.5", "!cat=1.5", "!grep=2.5", "~list=1",
            "~show=0.5", "migration=0.5", "dockerize=2", "unit tests=2.5", "type hints=2", "handler=1.5",
        ],
        [TaskType.Debugging] =
        [
            "bug=2.5*", "buggy=2.5*", "~fix=2", "!debug=3", "error=2.5*", "exception=2.5*", "crash=3*", "stack trace=3*",
            "traceback=3*", "fail=2.5*", "failure=2.5*", "broken=2*", "segfault=3*", "null reference=3*",
            "nullreferenceexception=3*", "regression=2*", "not working=3*", "doesn't work=3*",
            "does not work=3*", "!troubleshoot=3", "!diagnose=3", "hang=2*", "memory leak=3*",
            "leak=2.5*", "flaky=3*", "intermittently=2*", "wrong=2*", "blank=1.5*", "oom=2.5*", "deadlock=3*",
            "race condition=3*", "exits with code=3*", "exit code=2*", "not found=2*", 
            "doesn't start=3*", "what's wrong=3*", "whats wrong=3*",
            "what changed=1.5", "throw=2.5*", "keeps growing=1.5*", 
            "after the last deploy=2*", "used to=1.5", "500=1", "eaddrinuse=3*",
            "enoent=3*", "econnrefused=3*", "eacces=3*", "stopped working=3*",
            "timeout=1*", "timing out=2*", "times out=2*", "slow=1*", "off by one=3*", "since yesterday=1.5*", "suddenly=1.5*", "stopped=2*", "since the update=2*",
        ],
        [TaskType.Research] =
        [
            "!research=3", "!find out=2.5", "!look up=3", "!look into=2.5", "~compare=2", "comparison=2",
            "~investigate=2", "sources=2", "papers=2", "literature=2", "!explain=2.5", "pros and cons=2.5",
            "learn about=2.5", "!tell me about=2.5", "overview=2", "~summarize=2", "~summarise=2",
            "difference between=2.5", "best practices=2", "state of the art=2.5", "alternatives=2", "history=1.5",
            "differ=1.5", "what is=1", "what are=1", "how does=1", "who=0.5", "why=0.5",
            "which=0.5", "better for=1.5", "what does=1.5",
        ],
        [TaskType.Refactoring] =
        [
            "!refactor=3", "refactoring=3", "!clean up=2.5", "cleanup=2.5", "~clean=1.5", "!restructure=3",
            "!extract=2.5", "!rename=3", "!simplify=2.5", "!deduplicate=3", "duplication=2", "duplicated=2",
            "duplicated code=2.5", "!decouple=3", "!tidy=3", "!tidy up=3", "!reorganize=3", "!reorganise=3",
            "dead code=2.5", "technical debt=2.5", "tech debt=2.5", "!modernize=2", "without changing behavior=3",
            "without changing behaviour=3", "!inline=2", "~split=2",
            "~move=1.5", "!pull out=2", "!break up=2.5", "break it up=2.5", "split it up=2.5", "~replace=1.5",
            "~remove=1", "readable=2.5", "readability=2.5", "magic numbers=2.5",
            "early returns=2", "smaller=1", "get rid of=1.5", "~convert=1", "callbacks=1", 
            "var declarations=1", "named constants=1.5", "separate=0.5", "its own=0.5", "!reuse=2", "helper=1",
        ],
        [TaskType.Documentation] =
        [
            "!document=3", "documentation=3", "docs=2.5", "doc=2", "readme=3", "docstring=3", "xml doc=3", "comment=2",
            "changelog=3", "api reference=3", "man page=3", "javadoc=3", "jsdoc=3", "user guide=3",
            "guide=2", "how to=1", "tutorial=2.5", "wiki=2.5", "getting started=2.5", "contributing=2.5", 
            "instructions=1.5", "adr=2.5", "typo=2", "wording=1.5", "broken links=3",
            "section=1", "docs folder=3", "architecture=0.5",
        ],
        [TaskType.Marketing] =
        [
            "marketing=3", "campaign=2.5", "ad=2", "ads=2", "advert=2.5", "advertisement=2.5", "!advertise=2.5",
            "advertising=2.5", "slogan=3", "tagline=3", "landing page=2", "seo=3", "brand=2", "branding=2.5",
            "target audience=3", "audience=1.5", "conversion=2", "conversion rate=3",
            "product launch=2", "launch=1.5", "social media=2", "tweet=1", "linkedin=1", "facebook=1", "instagram=0.5",
            "tiktok=1", "press release=3", "copywriting=3", "copy=1.5", "ad copy=3", "promo=2.5",
            "!promote=2.5", "promotion=2", "call to action=3", "lead generation=3", "signups=2", "sign ups=2",
            "referral=2", "funnel=2.5", "product hunt=2.5", "app store description=3", 
            "hero section=1.5", "homepage=1", "discount=1", "sale=1", 
            "rank for=2", "name ideas=1.5", "get more=1.5", "referral program=3",
        ],
        [TaskType.Email] =
        [
            "!email=3", "e mail=3", "mail=2.5", "!reply to=3", "!reply=3", "!respond to=3", "!respond=2.5",
            "~answer=1.5", "inbox=1", "follow up=2.5", "subject line=2.5", "cold email=3", "message=1.5",
            "thank you note=3", "note to=2", "letter=2", "out of office=3", "!write to=2", 
            "recruiter=1.5", "landlord=1", "my manager=1",
            "the client=1", "the supplier=1", "hr=1",
        ],
        [TaskType.Design] =
        [
            "!design=3", "!redesign=3", "mockup=3", "!mock up=3", "wireframe=3", "ui=2", "ux=3", "layout=2.5",
            "figma=3", "logo=3", "color palette=3", "colour palette=3", "palette=2.5", "color=2", "colour=2",
            "color scheme=3", "typography=3", "font=2.5", "prototype=2.5", "user interface=3", "icon=2",
            "style guide=3", "user flow=3", "!sketch=2.5", "!draw=2", "mood board=3", "poster=2.5",
            "design system=3", "dark theme=2", "theme=1.5", "contrast=2", "spacing=2", "type scale=3", "button=1.5",
            "screen=1.5", "empty state=2.5", "navigation=1.5", "accessible=1",
            "cluttered=2", "visual=2", "look=1", "navigation structure=3",
        ],
        [TaskType.Content] =
        [
            "blog=2.5", "blog post=3", "article=2.5", "story=2.5", "essay=3", "post=1.5", "caption=3", "poem=3",
            "newsletter=2.5", "podcast=2", "headline=2.5", "video script=3", "youtube=2", "speech=3", 
            "eulogy=3", "bio=2.5", "lyrics=3", "song=2", "paragraph=2", "!proofread=3", "!translate=2.5",
            "~rewrite=1", "twitter thread=3", "thread=1", "review=1", "recipe=1.5", "intro=1", 
            "sentences=1", "youtube script=3",
        ],
        [TaskType.Strategy] =
        [
            "strategy=3", "strategic=3", "go to market=3", "market entry=3", "competitive=2", "competitor=2.5",
            "competitive analysis=3", "positioning=2.5", "!position=1.5", "business model=3", "business plan=3",
            "pricing=2", "~price=1.5", "swot=3", "long term=2", "vision=2", "okr=3", "growth=2", "expansion=2",
            "!expand=2", "market=1.5", "moat=3", "freemium=2.5", "should we=3", "shall we=3",
            "is it a good idea=3", "is it worth=2.5", "enterprise=1", "churn=1",
            "seed round=2", "bootstrap=2", "investors=1", "hiring plan=3", "partnership=2.5", 
            "what should we do=2", "how do we=1", "!compete=2.5", 
            "cloud costs=1", "open source=0.5", "build or buy=2", "or buy=1.5",
            "big players=2", "lever=1.5", "startup=1.5", "self serve=2",
        ],
        [TaskType.DataAnalysis] =
        [
            "csv=3", "data=2", "dataset=3", "~analyze=2.5", "~analyse=2.5", "analysis=1.5", "chart=2.5", 
            "graph=2", "!plot=3", "histogram=3", "statistics=3", "statistical=3", "statistically=3", "significant=1.5",
            "linear regression=3", "pivot table=3", "spreadsheet=3", "excel=3", "pandas=3", "metrics=2", "trend=2.5",
            "correlation=3", "average=2.5", "median=3", "outliers=3",
            "!visualize=3", "!visualise=3", "visualization=3", "visualisation=3", "dashboard=2.5", "sql query=3",
            "query=1", "cohort=2.5", "rows=1.5", "column=1.5", "how many=2", "survey=1.5", "~compute=2",
            "~calculate=2", "numbers=1.5", "missing values=3", "duplicates=1.5", "log=1", "readings=1.5",
            "over time=2", "by region=1.5", "by country=1.5", "per day=1.5",
            "per hour=1.5", "per week=1.5", "per channel=1.5", "per cohort=1.5", 
            "variant=1.5", "top 10=1", "~count=1", "amounts=1.5", "sell best=1.5", 
            "weekly active users=2", "export=0.5",
        ],
        [TaskType.ProjectManagement] =
        [
            "project plan=3", "milestone=3", "sprint=3", "backlog=3", "timeline=2.5", "gantt=3", "jira=3", "ticket=2.5",
            "standup=3", "stand up=3", "stakeholder=2.5", "deadline=2", "!schedule=2", "behind schedule=3",
            "task breakdown=3", "!break down=2.5", "epic=2.5", "user stories=3", "user story=3", "!estimate=2.5",
            "kanban=3", "status report=3", "status update=3", "!assign=2.5", "owner=2", "retro=3",
            "retrospective=3", "roadmap=3", "~prioritize=2", "~prioritise=2", "agenda=2.5",
            "action items=3", "checklist=1.5", "blocked=2", "risk register=3",
            "raci=3", "task=1", "~plan=1", "~track=1.5", "dates=1", "next sprint=1",
            "next quarter=1", "meeting notes=2", "how long=1.5", "who should own=2", "gantt chart=3", 
        ],
    };
}

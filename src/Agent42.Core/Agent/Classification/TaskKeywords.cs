using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>
/// The keywords <see cref="TaskTypeClassifier"/> looks for, per task type, and the order that breaks ties. Words
/// are matched whole and without stemming, so inflections are listed; a phrase (with a space or hyphen) is more
/// specific than a word and weighs double.
/// </summary>
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
            "code", "coding", "implement", "implementing", "implementation", "function", "functions", "class", "classes",
            "method", "methods", "api", "endpoint", "endpoints", "script", "program", "compile", "build", "feature",
            "unit test", "unit tests", "test", "tests", "algorithm", "library", "module", "parser", "cli", "command-line",
            "c#", "python", "javascript", "typescript", "java", "rust", "sql", "regex", "http", "app", "backend",
            "frontend", "database",
        ],
        [TaskType.Debugging] =
        [
            "bug", "bugs", "buggy", "fix", "fixes", "fixed", "fixing", "debug", "debugging", "error", "errors",
            "exception", "exceptions", "crash", "crashes", "crashed", "crashing", "stack trace", "traceback", "fail",
            "fails", "failing", "failure", "broken", "segfault", "null reference", "nullreferenceexception",
            "regression", "not working", "doesn't work", "does not work", "troubleshoot", "diagnose", "hangs",
            "memory leak", "leak", "flaky",
        ],
        [TaskType.Research] =
        [
            "research", "find out", "look up", "look into", "compare", "comparison", "investigate", "survey", "sources",
            "papers", "literature", "explain", "pros and cons", "learn about", "tell me about",
            "overview", "summarize", "summarise", "difference between", "best practices", "state of the art",
            "alternatives",
        ],
        [TaskType.Refactoring] =
        [
            "refactor", "refactoring", "refactored", "clean up", "cleanup", "restructure", "extract method",
            "extract class", "extract interface", "rename", "simplify", "deduplicate", "duplication", "duplicated code",
            "decouple", "tidy", "tidy up", "reorganize", "reorganise", "dead code", "technical debt", "tech debt",
            "modernize", "without changing behavior", "without changing behaviour",
        ],
        [TaskType.Documentation] =
        [
            "document", "documented", "documenting", "documentation", "docs", "readme", "docstring", "docstrings",
            "xml docs", "xml doc", "comments", "changelog", "api reference", "man page", "javadoc", "jsdoc",
            "user guide", "how-to guide", "wiki",
        ],
        [TaskType.Marketing] =
        [
            "marketing", "campaign", "campaigns", "ad", "ads", "advert", "advertisement", "slogan", "tagline",
            "landing page", "seo", "brand", "branding", "target audience", "conversion", "conversions",
            "product launch", "social media", "tweet", "tweets", "linkedin", "press release", "copywriting", "promo",
            "promote", "promotion", "call to action", "lead generation", "ad copy",
        ],
        [TaskType.Email] =
        [
            "email", "emails", "e-mail", "mail", "reply to", "respond to", "inbox", "follow-up", "follow up",
            "subject line", "cold email",
        ],
        [TaskType.Design] =
        [
            "design", "designs", "mockup", "mockups", "wireframe", "wireframes", "ui", "ux", "layout", "figma", "logo",
            "color palette", "colour palette", "color scheme", "typography", "prototype", "user interface", "icon",
            "icons", "style guide", "font", "user flow",
        ],
        [TaskType.Content] =
        [
            "blog", "blog post", "article", "articles", "story", "essay", "post", "posts", "caption", "captions",
            "poem", "newsletter", "podcast", "headline", "headlines", "video script", "speech",
        ],
        [TaskType.Strategy] =
        [
            "strategy", "strategies", "strategic", "go-to-market", "market entry", "competitive", "competitor",
            "competitors", "competitive analysis", "positioning", "business model", "business plan", "pricing", "swot",
            "long-term", "vision", "okr", "okrs", "growth", "expansion",
        ],
        [TaskType.DataAnalysis] =
        [
            "csv", "data", "dataset", "datasets", "analyze data", "analyse data", "data analysis", "analyze",
            "analyse", "analysis", "chart", "charts", "graph", "graphs", "plot", "plots", "histogram", "statistics",
            "statistical", "linear regression", "pivot table", "spreadsheet", "excel", "pandas", "metrics", "trend",
            "trends", "correlation", "average", "median", "visualize", "visualise", "visualization", "dashboard",
            "sql query", "cohort",
        ],
        [TaskType.ProjectManagement] =
        [
            "project plan", "milestone", "milestones", "sprint", "sprints", "backlog", "timeline", "gantt", "jira",
            "ticket", "tickets", "standup", "stand-up", "stakeholder", "stakeholders", "deadline", "deadlines",
            "schedule", "task breakdown", "break down", "user stories", "user story", "estimate", "estimates", "kanban",
            "status report", "status update", "assign", "retro", "retrospective", "roadmap", "prioritize", "prioritise",
        ],
    };
}

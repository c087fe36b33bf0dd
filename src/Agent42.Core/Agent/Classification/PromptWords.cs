namespace Agent42.Core.Agent.Classification;

/// <summary>
/// The function words <see cref="TaskTypeClassifier"/> reads a request's shape from: the politeness before its verb,
/// the generic verbs whose object decides, the words that end an object, negations, and the words a follow-up is made
/// of. Stored as stems (<see cref="WordStemmer"/>), as the text is looked up.
/// </summary>
internal static class PromptWords
{
    /// <summary>Skipped before a request's verb: "could you please write ..." leads with "write".</summary>
    public static readonly HashSet<string> Preamble = Stems(
        "please", "pls", "plz", "kindly", "can", "could", "would", "will", "you", "u", "ya", "i", "we", "need", "want",
        "wanna", "like", "to", "help", "me", "us", "let", "let's", "lets", "just", "now", "also", "quickly", "hey", "hi",
        "hello", "ok", "okay", "so", "and", "then", "first", "next", "i'd", "i'm", "try", "go", "ahead", "a", "quick",
        "maybe", "actually", "pleas", "thanks", "thx");

    /// <summary>Verbs that say "produce something": what they produce (their object) decides the type.</summary>
    public static readonly HashSet<string> GenericVerbs = Stems(
        "write", "draft", "create", "make", "add", "generate", "give", "compose", "prepare", "produce", "do", "turn",
        "put", "suggest", "propose", "get", "set", "provide", "outline", "come", "update", "improve", "change", "find",
        "tell", "send", "choose", "pick", "define", "develop", "evaluate", "review", "check", "handle", "setup",
        "describe", "name", "brainstorm", "recommend");

    /// <summary>Particles that belong to the verb before them: "come up with", "set up", "write up".</summary>
    public static readonly HashSet<string> Particles = Stems("up", "out", "down", "off", "back");

    /// <summary>Words that end the object of a verb: what follows is a topic or a place, weighing less.</summary>
    public static readonly HashSet<string> ObjectEnds = Stems(
        "about", "for", "on", "of", "in", "into", "to", "from", "with", "by", "at", "using", "so", "that", "which",
        "who", "where", "when", "because", "if", "while", "after", "before", "between", "against", "like", "as", "per",
        "why", "how", "what", "than", "since", "until", "via", "inside", "within", "without", "asking", "saying",
        "explaining", "announcing", "connecting", "inviting", "promoting", "advertising");

    /// <summary>Prepositions of place: a keyword after them names where the work goes, weighing more than a topic.</summary>
    public static readonly HashSet<string> Places = Stems("in", "into", "to", "inside", "within", "at");

    /// <summary>Negations: a keyword after one, in the same clause, is a constraint, not the task ("don't touch the docs").</summary>
    public static readonly HashSet<string> Negations = Stems(
        "not", "don't", "dont", "never", "no", "without", "nor", "avoid", "doesn't", "didn't", "won't", "isn't",
        "can't", "cannot", "aren't", "wasn't", "shouldn't", "wont", "doesnt", "didnt", "cant", "isnt");

    /// <summary>
    /// Joins two requests when a verb follows: "install the dependencies and build the project". Not "or", which joins
    /// alternatives ("a blog post or email").
    /// </summary>
    public static readonly HashSet<string> Conjunctions = Stems("and", "then", "but", "also", "plus");

    /// <summary>A question about "we" or "our" is a business question, not one for information.</summary>
    public static readonly HashSet<string> We = Stems("we", "our", "us", "ourselves", "we're", "we've");

    /// <summary>A question that opens with one of these, with no keyword, asks for information.</summary>
    public static readonly HashSet<string> QuestionWords = Stems(
        "what", "what's", "whats", "why", "how", "who", "which", "when", "where", "is", "are", "can", "could", "does",
        "do", "should", "would", "will");

    /// <summary>
    /// What a follow-up with no type of its own is made of ("and the other one?", "do it again but shorter"): a text of
    /// only these words refers back to an earlier turn.
    /// </summary>
    public static readonly HashSet<string> FollowUp = Stems(
        "yes", "yeah", "yep", "no", "nope", "ok", "okay", "sure", "fine", "thanks", "thank", "thx", "please", "pls", "go",
        "ahead", "proceed", "continue", "again", "try", "more", "less", "shorter", "longer", "better", "worse",
        "simpler", "faster", "first", "second", "third", "last", "next", "previous", "other", "one", "ones", "option",
        "rest", "same", "undo", "redo", "that", "it", "this", "those", "these", "them", "they", "now", "then", "and",
        "also", "what", "about", "why", "how", "sounds", "good", "great", "nice", "cool", "perfect", "do", "did",
        "done", "you", "found", "said", "wrote", "made", "did", "the", "a", "an", "for", "to", "of", "with", "but",
        "can", "could", "would", "will", "me", "i", "we", "us", "is", "are", "was", "so", "what's", "hmm", "ah", "oh",
        "again", "same", "instead", "too", "as", "well", "all", "everything", "above", "there", "here", "else",
        "stop", "wait", "right", "exactly", "not", "don't", "just", "keep", "going", "finish", "show", "tell", "explain",
        "summarise", "summarize", "give", "make", "fix", "change", "use", "way", "thing", "things", "bit", "lot",
        "really", "very", "much", "many", "some", "any", "up", "out", "back", "one", "two", "three", "few");

    private static HashSet<string> Stems(params string[] words) => [.. words.Select(WordStemmer.Stem)];
}

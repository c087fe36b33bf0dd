namespace Agent42.Core.Security.Sandbox;

/// <summary>
/// Turns a <see cref="BwrapPlan"/> into bubblewrap's arguments. Bubblewrap applies mounts in argument order, so the
/// order here is the security: the read-only root first, then the private <c>/tmp</c>, then the writable workspace
/// (which may lie under <c>/tmp</c>), then what is bound back read-only inside it, and last what is hidden, so nothing
/// mounted later can uncover a hidden path.
/// </summary>
internal static class BwrapArguments
{
    /// <summary>The uid and gid a command runs as when Agent42 runs as root: the conventional unprivileged "nobody".</summary>
    public const string NobodyId = "65534";

    public static IReadOnlyList<string> Build(BwrapPlan plan, IReadOnlyList<string> command)
    {
        var args = new List<string>
        {
            // A user namespace of its own: no capabilities in the host's, and none it can gain (no nested namespaces).
            "--unshare-user", "--disable-userns",
        };
        if (plan.AsRoot)
        {
            args.AddRange(["--uid", NobodyId, "--gid", NobodyId]);
        }

        args.AddRange(["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]);
        if (!plan.Network)
        {
            args.Add("--unshare-net");
        }

        // --new-session keeps the command off Agent42's terminal (no TIOCSTI typing into it); --die-with-parent ends the
        // whole sandbox, whose pid namespace holds every process the command started, when Agent42 kills bubblewrap.
        args.AddRange(["--new-session", "--die-with-parent", "--cap-drop", "ALL"]);
        args.AddRange(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]);
        args.AddRange(["--bind", plan.Workspace, plan.Workspace]);

        // Outer paths before inner ones, so an inner path's mount is not buried under its parent's.
        foreach (var path in plan.ReadOnly.OrderBy(p => p.Length))
        {
            args.AddRange(["--ro-bind", path, path]);
        }

        foreach (var hidden in plan.HiddenFiles.Select(p => (Path: p, Directory: false))
                     .Concat(plan.HiddenDirectories.Select(p => (Path: p, Directory: true)))
                     .OrderBy(h => h.Path.Length))
        {
            // Read-only too, so a write there fails plainly instead of vanishing with the tmpfs.
            args.AddRange(hidden.Directory ? ["--tmpfs", hidden.Path, "--remount-ro", hidden.Path] : ["--ro-bind", "/dev/null", hidden.Path]);
        }

        args.Add("--clearenv");
        foreach (var (name, value) in plan.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            args.AddRange(["--setenv", name, value]);
        }

        args.AddRange(["--chdir", plan.Workspace, "--"]);
        args.AddRange(command);
        return args;
    }
}

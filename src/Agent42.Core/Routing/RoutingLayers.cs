namespace Agent42.Core.Routing;

/// <summary>The text form of <see cref="RoutingLayer"/>, as the commands print it and the outcome log records it.</summary>
internal static class RoutingLayers
{
    public static string Text(this RoutingLayer layer) => layer switch
    {
        RoutingLayer.Admin => "admin",
        RoutingLayer.Explicit => "--model",
        RoutingLayer.Dynamic => "dynamic",
        RoutingLayer.Trial => "trial",
        _ => "default",
    };
}

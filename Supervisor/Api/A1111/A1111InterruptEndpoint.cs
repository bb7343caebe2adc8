using FastEndpoints;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary>
/// <c>POST /sdapi/v1/interrupt</c> and <c>POST /sdapi/v1/skip</c>: cancel the running generation(s); a waiting
/// txt2img/img2img call then answers with what was finished. Skip stops the whole job, like interrupt.
/// </summary>
public sealed class A1111InterruptEndpoint(A1111Interrupter interrupter) : EndpointWithoutRequest<A1111InterruptResponse>
{
    public override void Configure()
    {
        Post("/interrupt", "/skip");
        Description(b => b.ClearDefaultAccepts());
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 interrupt / skip: cancel the running generation(s)");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var reason = HttpContext.Request.Path.Value?.EndsWith("/skip", StringComparison.Ordinal) == true ? "skip" : "interrupt";
        var principal = HttpContext.Principal()!;
        var stopped = await interrupter.InterruptRunningAsync(reason, job => principal.MayTouch(job.Owner), ct);
        await Send.OkAsync(new A1111InterruptResponse(stopped), ct);
    }
}
